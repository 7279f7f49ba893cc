package io.mmate.publish;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import com.rabbitmq.client.AMQP;
import io.mmate.PublishException;
import io.mmate.PublishReceipt;

/**
 * A publish on its way: waiting for a channel, or sent and waiting for its confirm. It keeps the message so that it
 * can be sent again when its channel is lost before the confirm.
 */
final class PendingPublish {

	final PublishReceipt receipt;

	final boolean mandatory;

	final AMQP.BasicProperties properties;

	final byte[] body;

	final CompletableFuture<PublishReceipt> future = new CompletableFuture<>();

	final long createdNanos = System.nanoTime();

	final long confirmTimeoutNanos;

	long sequence;

	volatile boolean sent;

	volatile long sentNanos;

	volatile String returnedText;

	PendingPublish(PublishReceipt receipt, boolean mandatory, AMQP.BasicProperties properties, byte[] body,
			long confirmTimeoutNanos) {
		this.receipt = receipt;
		this.confirmTimeoutNanos = confirmTimeoutNanos;
		this.mandatory = mandatory;
		this.properties = properties;
		this.body = body;
	}

	/**
	 * Fail the publish on the executor that completes publishes, off the connection's thread, so that what the
	 * caller chained to the future cannot block the connection; on the calling thread once the executor is shut down.
	 * @param completions the executor
	 * @param failure why
	 */
	void fail(Executor completions, PublishException failure) {
		try {
			completions.execute(() -> this.future.completeExceptionally(failure));
		}
		catch (RejectedExecutionException ex) {
			this.future.completeExceptionally(failure);
		}
	}

}
