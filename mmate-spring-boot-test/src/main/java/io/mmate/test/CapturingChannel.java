package io.mmate.test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.rabbitmq.client.AMQP;
import io.mmate.PublishReceipt;
import io.mmate.failure.FailurePublisher;
import io.mmate.publish.PublisherChannel;

/**
 * The channel the harness gives the starter's {@link FailurePublisher}, so that redelivered copies and dead letters
 * carry exactly the headers the broker-backed pipeline writes (attempts, redeliveries, failure times, exception,
 * original route, reason): it keeps the last copy published instead of sending it, and confirms it at once. It never
 * connects; the connection factory it is given is never used.
 */
final class CapturingChannel extends PublisherChannel {

	private Copy last;

	CapturingChannel() {
		super(null, Duration.ZERO);
	}

	@Override
	public synchronized CompletableFuture<PublishReceipt> publish(String exchange, String routingKey,
			boolean mandatory, AMQP.BasicProperties properties, byte[] body, Duration confirmTimeout) {
		this.last = new Copy(exchange, routingKey, properties, body);
		return CompletableFuture.completedFuture(new PublishReceipt(properties.getMessageId(), exchange, routingKey));
	}

	/**
	 * Take the copy published last.
	 * @return the copy
	 * @throws IllegalStateException when none was published since the last call
	 */
	synchronized Copy take() {
		Copy copy = this.last;
		if (copy == null) {
			throw new IllegalStateException("The failure publisher published no copy");
		}
		this.last = null;
		return copy;
	}

	/**
	 * A failed message's copy as the failure publisher sent it.
	 *
	 * @param exchange the exchange
	 * @param routingKey the routing key
	 * @param properties the properties, headers included
	 * @param body the original body
	 */
	record Copy(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
	}

}
