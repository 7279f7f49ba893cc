package io.mmate.publish;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.rabbitmq.client.AMQP;
import io.mmate.PublishReceipt;

/**
 * Where encoded messages go: the confirming {@link PublisherChannel}, or a transaction's channel.
 */
public interface PublishSink {

	/**
	 * Publish one encoded message.
	 * @param exchange the exchange
	 * @param routingKey the routing key
	 * @param mandatory whether an unroutable message fails
	 * @param properties the AMQP properties, with a message id
	 * @param body the body
	 * @param confirmTimeout how long to wait for the broker
	 * @return completes when the broker has the message
	 */
	CompletableFuture<PublishReceipt> publish(String exchange, String routingKey, boolean mandatory,
			AMQP.BasicProperties properties, byte[] body, Duration confirmTimeout);

	/**
	 * Whether {@link #publish} completes only once the message is confirmed (by the broker, or by the store an outbox
	 * writes it to), rather than as soon as it is written to the broker's connection.
	 * @return {@code true} unless the sink publishes to the broker without confirms
	 */
	default boolean confirms() {
		return true;
	}

}
