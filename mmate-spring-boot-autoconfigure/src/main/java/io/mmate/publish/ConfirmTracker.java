package io.mmate.publish;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ReturnListener;
import com.rabbitmq.client.ShutdownListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.mmate.PublishException;
import io.mmate.PublishReceipt;
import io.mmate.UnroutableMessageException;

/**
 * The confirms, returns and shutdown of one channel. Sequence numbers start again on every channel, so each channel
 * has its own tracker and a late callback of a closed channel cannot settle a publish of its successor.
 */
final class ConfirmTracker implements ConfirmListener, ReturnListener, ShutdownListener {

	private final Channel channel;

	private final Executor completions;

	private final ConcurrentNavigableMap<Long, PendingPublish> pending = new ConcurrentSkipListMap<>();

	private final Map<String, PendingPublish> mandatoryByMessageId = new ConcurrentHashMap<>();

	ConfirmTracker(Channel channel, Executor completions) throws IOException {
		this.channel = channel;
		this.completions = completions;
		channel.confirmSelect();
		channel.addConfirmListener(this);
		channel.addReturnListener(this);
		channel.addShutdownListener(this);
	}

	Channel channel() {
		return this.channel;
	}

	void track(PendingPublish publish) {
		publish.sequence = this.channel.getNextPublishSeqNo();
		this.pending.put(publish.sequence, publish);
		if (publish.mandatory) {
			this.mandatoryByMessageId.put(publish.receipt.messageId(), publish);
		}
	}

	void forget(PendingPublish publish) {
		this.pending.remove(publish.sequence, publish);
		this.mandatoryByMessageId.remove(publish.receipt.messageId(), publish);
	}

	@Override
	public void handleAck(long deliveryTag, boolean multiple) {
		settle(deliveryTag, multiple, true);
	}

	@Override
	public void handleNack(long deliveryTag, boolean multiple) {
		settle(deliveryTag, multiple, false);
	}

	private void settle(long deliveryTag, boolean multiple, boolean ack) {
		if (multiple) {
			for (PendingPublish publish : this.pending.headMap(deliveryTag, true).values()) {
				settle(publish, ack);
			}
		}
		else {
			PendingPublish publish = this.pending.get(deliveryTag);
			if (publish != null) {
				settle(publish, ack);
			}
		}
	}

	private void settle(PendingPublish publish, boolean ack) {
		forget(publish);
		execute(() -> complete(publish, ack));
	}

	private void execute(Runnable completion) {
		try {
			this.completions.execute(completion);
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: complete on this thread rather than leave the caller waiting.
			completion.run();
		}
	}

	private static void complete(PendingPublish publish, boolean ack) {
		PublishReceipt receipt = publish.receipt;
		if (!ack) {
			publish.future.completeExceptionally(new PublishException("The broker refused (nack) message '"
					+ receipt.messageId() + "' to exchange '" + receipt.exchange() + "' with routing key '"
					+ receipt.routingKey() + "'", receipt.exchange(), receipt.routingKey(), null));
		}
		else if (publish.returnedText != null) {
			publish.future.completeExceptionally(new UnroutableMessageException(receipt.exchange(),
					receipt.routingKey(), publish.returnedText));
		}
		else {
			publish.future.complete(receipt);
		}
	}

	@Override
	public void handleReturn(int replyCode, String replyText, String exchange, String routingKey,
			AMQP.BasicProperties properties, byte[] body) {
		// The broker sends basic.return before the basic.ack of the same message, so marking it here is enough.
		PendingPublish publish = (properties.getMessageId() != null)
				? this.mandatoryByMessageId.get(properties.getMessageId()) : null;
		if (publish != null) {
			publish.returnedText = replyCode + " " + replyText;
		}
	}

	@Override
	public void shutdownCompleted(ShutdownSignalException cause) {
		for (PendingPublish publish : this.pending.values()) {
			forget(publish);
			PublishReceipt receipt = publish.receipt;
			PublishException failure = new PublishException("The channel closed before the broker confirmed message '"
					+ receipt.messageId() + "' to exchange '" + receipt.exchange() + "' with routing key '"
					+ receipt.routingKey() + "'; it may or may not have been stored: " + cause.getMessage(),
					receipt.exchange(), receipt.routingKey(), cause);
			execute(() -> publish.future.completeExceptionally(failure));
		}
	}

}
