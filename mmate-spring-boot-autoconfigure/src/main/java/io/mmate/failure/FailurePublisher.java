package io.mmate.failure;

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
import io.mmate.delay.DelayMechanismSelector;
import io.mmate.delay.DelayedRoute;
import io.mmate.envelope.BoundedText;
import io.mmate.envelope.WireHeaders;
import io.mmate.publish.PublisherChannel;
import io.mmate.topology.Exchanges;
import io.mmate.topology.RoutingKeys;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;

/**
 * Republishes a failed delivery, with its original body and properties and the {@link DeadLetterHeaders} that count
 * and explain its failures: either to {@code dlq.{queue}} through {@code mmate.dlx}, or back to its queue after a
 * delay. Both publishes are confirmed and mandatory, so the caller acknowledges the original only once the copy is
 * safe.
 */
public class FailurePublisher {

	/** Longest stack trace kept, well within a broker frame. */
	static final int MAX_STACK_TRACE = 4000;

	// What the headers are kept within on a connection without a frame limit: RabbitMQ's default frame.
	private static final int UNLIMITED_FRAME_BUDGET = 131_072;

	private final PublisherChannel channel;

	private final DelayMechanismSelector delays;

	private final String serviceName;

	private final Duration confirmTimeout;

	private final Clock clock;

	private final MessagePropertiesConverter propertiesConverter = new DefaultMessagePropertiesConverter();

	/**
	 * Create the publisher.
	 * @param channel the confirming channel
	 * @param delays the delay mechanism for redeliveries
	 * @param serviceName the service name written to {@link DeadLetterHeaders#SERVICE}
	 * @param confirmTimeout how long to wait for the broker's confirm
	 * @param clock the clock for failure times
	 */
	public FailurePublisher(PublisherChannel channel, DelayMechanismSelector delays, String serviceName,
			Duration confirmTimeout, Clock clock) {
		this.channel = channel;
		this.delays = delays;
		this.serviceName = serviceName;
		this.confirmTimeout = confirmTimeout;
		this.clock = clock;
	}

	/**
	 * Dead-letter a delivery.
	 * @param original the delivery as received
	 * @param queue the queue it failed on
	 * @param failure why
	 * @return completes when the broker confirms the dead letter
	 */
	public CompletableFuture<PublishReceipt> deadLetter(Message original, String queue, Failure failure) {
		MessageProperties properties = failed(original, failure);
		Map<String, Object> headers = properties.getHeaders();
		MessageProperties received = original.getMessageProperties();
		headers.put(DeadLetterHeaders.REASON, failure.reason().code());
		headers.put(DeadLetterHeaders.DESCRIPTION, failure.description());
		headers.putIfAbsent(DeadLetterHeaders.ORIGINAL_EXCHANGE, nullToEmpty(received.getReceivedExchange()));
		headers.putIfAbsent(DeadLetterHeaders.ORIGINAL_ROUTING_KEY, nullToEmpty(received.getReceivedRoutingKey()));
		headers.put(DeadLetterHeaders.ORIGINAL_QUEUE, queue);
		headers.put(DeadLetterHeaders.SERVICE, this.serviceName);
		String deadLetterQueue = RoutingKeys.deadLetter(queue);
		return publish(Exchanges.DEAD_LETTER, deadLetterQueue, properties, original.getBody());
	}

	/**
	 * Send a delivery back to its queue after a delay.
	 * @param original the delivery as received
	 * @param queue the queue it failed on, and goes back to
	 * @param delay how long to wait
	 * @param failure why
	 * @return completes when the broker confirms the delayed copy
	 */
	public CompletableFuture<PublishReceipt> redeliver(Message original, String queue, Duration delay,
			Failure failure) {
		MessageProperties properties = failed(original, failure);
		Map<String, Object> headers = properties.getHeaders();
		MessageProperties received = original.getMessageProperties();
		headers.put(DeadLetterHeaders.REDELIVERIES, FailureHistory.of(received).redeliveriesWithNext());
		// The broker routes the copy through the delay topology, so remember where the original came from.
		headers.putIfAbsent(DeadLetterHeaders.ORIGINAL_EXCHANGE, nullToEmpty(received.getReceivedExchange()));
		headers.putIfAbsent(DeadLetterHeaders.ORIGINAL_ROUTING_KEY, nullToEmpty(received.getReceivedRoutingKey()));
		DelayedRoute route = this.delays.mechanism().route(delay, queue);
		if (route.delayHeader() != null) {
			headers.put(WireHeaders.DELAY, route.delayHeader());
			// The delayed-message exchange routes only when the delay ends, so it returns every mandatory message.
			return publish(route.exchange(), route.routingKey(), false, properties, original.getBody());
		}
		return publish(route.exchange(), route.routingKey(), properties, original.getBody());
	}

	/**
	 * Put a delivery that came back unacknowledged at the end of its queue with its delivery count, so that the count
	 * survives the next crash.
	 * @param original the delivery as received
	 * @param queue its queue
	 * @param deliveries how many times it has now been delivered
	 * @return completes when the broker confirms the copy
	 */
	public CompletableFuture<PublishReceipt> requeueCounted(Message original, String queue, long deliveries) {
		MessageProperties received = original.getMessageProperties();
		MessageProperties properties = copy(received);
		Map<String, Object> headers = properties.getHeaders();
		headers.put(DeadLetterHeaders.DELIVERIES, deliveries);
		// The copy goes through the default exchange, yet where the original came from decides how it is dispatched.
		headers.putIfAbsent(DeadLetterHeaders.ORIGINAL_EXCHANGE, nullToEmpty(received.getReceivedExchange()));
		headers.putIfAbsent(DeadLetterHeaders.ORIGINAL_ROUTING_KEY, nullToEmpty(received.getReceivedRoutingKey()));
		return publish("", queue, properties, original.getBody());
	}

	private MessageProperties failed(Message original, Failure failure) {
		MessageProperties received = original.getMessageProperties();
		MessageProperties properties = copy(received);
		Map<String, Object> headers = properties.getHeaders();
		String now = DateTimeFormatter.ISO_INSTANT.format(this.clock.instant());
		headers.put(DeadLetterHeaders.ATTEMPTS,
				FailureHistory.of(received).attemptsWith(failure.attempts()));
		headers.putIfAbsent(DeadLetterHeaders.FIRST_FAILURE, now);
		headers.put(DeadLetterHeaders.LAST_FAILURE, now);
		headers.remove(WireHeaders.DELAY);
		// The broker's record of the delay levels a redelivered copy passed through is noise to the next hop.
		headers.remove("x-death");
		Throwable error = failure.cause();
		if (error != null) {
			headers.put(DeadLetterHeaders.EXCEPTION_TYPE, error.getClass().getName());
			headers.put(DeadLetterHeaders.EXCEPTION_MESSAGE, BoundedText.of(nullToEmpty(error.getMessage())));
			headers.put(DeadLetterHeaders.STACK_TRACE, stackTrace(error));
		}
		return properties;
	}

	private CompletableFuture<PublishReceipt> publish(String exchange, String routingKey,
			MessageProperties properties, byte[] body) {
		return publish(exchange, routingKey, true, properties, body);
	}

	private CompletableFuture<PublishReceipt> publish(String exchange, String routingKey, boolean mandatory,
			MessageProperties properties, byte[] body) {
		// Half a frame: room for the properties, and for the headers a later failure adds.
		int frameMax = (this.channel.frameMax() > 0) ? this.channel.frameMax() : UNLIMITED_FRAME_BUDGET;
		CopyHeaders.fit(properties.getHeaders(), frameMax / 2);
		AMQP.BasicProperties amqp = this.propertiesConverter.fromMessageProperties(properties, "UTF-8");
		return this.channel.publish(exchange, routingKey, mandatory, amqp, body, this.confirmTimeout);
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
		// Failed messages must survive a broker restart whatever the original's delivery mode.
		properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
		// Returns are matched by message id, so a copy always has one.
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
