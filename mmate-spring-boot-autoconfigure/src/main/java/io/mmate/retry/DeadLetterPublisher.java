package io.mmate.retry;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.rabbitmq.client.AMQP;
import io.mmate.PublishReceipt;
import io.mmate.publish.PublisherChannel;
import io.mmate.topology.Exchanges;
import io.mmate.topology.RoutingKeys;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;

/**
 * Moves a failed delivery to {@code dlq.{queue}} through {@code mmate.dlx}: the original body and properties, plus
 * {@link DeadLetterHeaders} that say why. The publish is confirmed and mandatory, so the caller acknowledges the
 * original only once the dead letter is safe.
 */
public class DeadLetterPublisher {

	/** Longest stack trace kept, well within a broker frame. */
	static final int MAX_STACK_TRACE = 4000;

	private final PublisherChannel channel;

	private final String serviceName;

	private final Duration confirmTimeout;

	private final Clock clock;

	private final MessagePropertiesConverter propertiesConverter = new DefaultMessagePropertiesConverter();

	/**
	 * Create a dead-letter publisher.
	 * @param channel the confirming channel
	 * @param serviceName the service name written to {@link DeadLetterHeaders#SERVICE}
	 * @param confirmTimeout how long to wait for the broker's confirm
	 * @param clock the clock for failure times
	 */
	public DeadLetterPublisher(PublisherChannel channel, String serviceName, Duration confirmTimeout, Clock clock) {
		this.channel = channel;
		this.serviceName = serviceName;
		this.confirmTimeout = confirmTimeout;
		this.clock = clock;
	}

	/**
	 * Dead-letter a delivery.
	 * @param original the delivery as received
	 * @param queue the queue it failed on
	 * @param reason the reason code
	 * @param description what went wrong
	 * @param error the exception, may be {@code null}
	 * @return completes when the broker confirms the dead letter
	 */
	public CompletableFuture<PublishReceipt> publish(Message original, String queue, String reason,
			String description, Throwable error) {
		MessageProperties received = original.getMessageProperties();
		MessageProperties properties = copy(received);
		String now = DateTimeFormatter.ISO_INSTANT.format(this.clock.instant());
		Map<String, Object> headers = properties.getHeaders();
		long attempts = (received.getHeader(DeadLetterHeaders.ATTEMPTS) instanceof Number previous)
				? previous.longValue() + 1 : 1;
		headers.put(DeadLetterHeaders.REASON, reason);
		headers.put(DeadLetterHeaders.DESCRIPTION, description);
		headers.put(DeadLetterHeaders.ORIGINAL_EXCHANGE, nullToEmpty(received.getReceivedExchange()));
		headers.put(DeadLetterHeaders.ORIGINAL_ROUTING_KEY, nullToEmpty(received.getReceivedRoutingKey()));
		headers.put(DeadLetterHeaders.ORIGINAL_QUEUE, queue);
		headers.put(DeadLetterHeaders.ATTEMPTS, attempts);
		headers.putIfAbsent(DeadLetterHeaders.FIRST_FAILURE, now);
		headers.put(DeadLetterHeaders.LAST_FAILURE, now);
		headers.put(DeadLetterHeaders.SERVICE, this.serviceName);
		if (error != null) {
			headers.put(DeadLetterHeaders.EXCEPTION_TYPE, error.getClass().getName());
			headers.put(DeadLetterHeaders.EXCEPTION_MESSAGE, nullToEmpty(error.getMessage()));
			headers.put(DeadLetterHeaders.STACK_TRACE, stackTrace(error));
		}
		AMQP.BasicProperties amqp = this.propertiesConverter.fromMessageProperties(properties, "UTF-8");
		String deadLetterQueue = RoutingKeys.deadLetter(queue);
		return this.channel.publish(Exchanges.DEAD_LETTER, deadLetterQueue, true, amqp, original.getBody(),
				this.confirmTimeout);
	}

	private static MessageProperties copy(MessageProperties received) {
		MessageProperties properties = new MessageProperties();
		properties.setContentType(received.getContentType());
		properties.setContentEncoding(received.getContentEncoding());
		properties.setType(received.getType());
		properties.setCorrelationId(received.getCorrelationId());
		properties.setReplyTo(received.getReplyTo());
		properties.setTimestamp(received.getTimestamp());
		properties.setPriority(received.getPriority());
		properties.setAppId(received.getAppId());
		properties.setUserId(received.getReceivedUserId());
		// Dead letters must survive a broker restart whatever the original's delivery mode.
		properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
		// Returns are matched by message id, so a dead letter always has one.
		properties.setMessageId((received.getMessageId() != null) ? received.getMessageId()
				: UUID.randomUUID().toString());
		received.getHeaders().forEach(properties::setHeader);
		return properties;
	}

	private static String stackTrace(Throwable error) {
		StringWriter writer = new StringWriter();
		error.printStackTrace(new PrintWriter(writer));
		String trace = writer.toString();
		return (trace.length() <= MAX_STACK_TRACE) ? trace : trace.substring(0, MAX_STACK_TRACE) + "\n\t...";
	}

	private static String nullToEmpty(String value) {
		return (value != null) ? value : "";
	}

}
