package io.mmate.test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.rabbitmq.client.AMQP;
import io.mmate.PublishReceipt;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.WireHeaders;
import io.mmate.publish.PublishSink;
import io.mmate.schedule.ScheduledHeaders;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;

/**
 * Where the harness's publisher sends encoded messages instead of a broker channel: it records each one, holds
 * scheduled messages until they are due, fails what a test asked it to refuse, hands replies to the harness's own
 * requests to those requests, and confirms everything at once. It knows no other service's queues, so nothing the
 * application sends is ever unroutable.
 */
final class HarnessTransport implements PublishSink {

	/** The exchange the harness's scheduler sends a scheduled message to, with its destination in its headers. */
	static final String SCHEDULING_EXCHANGE = "mmate-test.scheduled";

	/** The reply address of the requests the application sends through the harness's requester. */
	static final String REQUESTER_ADDRESS = "bridge.reply.mmate-test";

	private final MessagePropertiesConverter converter = new DefaultMessagePropertiesConverter();

	private final EnvelopeCodec codec;

	private final HarnessClock clock;

	private final MessageLog log;

	private final DueMessages due;

	private final PendingReplies pendingReplies;

	private final Map<String, RuntimeException> refusals = new ConcurrentHashMap<>();

	private volatile Consumer<RecordedMessage> onPublished = (message) -> {
	};

	HarnessTransport(EnvelopeCodec codec, HarnessClock clock) {
		this.codec = codec;
		this.clock = clock;
		this.log = new MessageLog();
		this.due = new DueMessages();
		this.pendingReplies = new PendingReplies(codec);
	}

	@Override
	public CompletableFuture<PublishReceipt> publish(String exchange, String routingKey, boolean mandatory,
			AMQP.BasicProperties properties, byte[] body, Duration confirmTimeout) {
		Message message = message(exchange, routingKey, properties, body);
		Object type = message.getMessageProperties().getHeaders().get(WireHeaders.MESSAGE_TYPE);
		RuntimeException refusal = (type != null) ? this.refusals.get(type.toString()) : null;
		if (refusal != null) {
			return CompletableFuture.failedFuture(refusal);
		}
		if (SCHEDULING_EXCHANGE.equals(exchange)) {
			schedule(message);
		}
		else if (exchange.isEmpty()) {
			this.log.replied(record(exchange, routingKey, message, null));
			if (REQUESTER_ADDRESS.equals(routingKey)) {
				this.pendingReplies.replied(message);
			}
		}
		else {
			RecordedMessage published = record(exchange, routingKey, message, null);
			this.log.published(published);
			this.onPublished.accept(published);
		}
		return CompletableFuture.completedFuture(new PublishReceipt(properties.getMessageId(), exchange, routingKey));
	}

	private void schedule(Message message) {
		Map<String, Object> headers = message.getMessageProperties().getHeaders();
		String exchange = String.valueOf(headers.remove(ScheduledHeaders.EXCHANGE));
		String routingKey = String.valueOf(headers.remove(ScheduledHeaders.ROUTING_KEY));
		Instant dueAt = Instant.parse(String.valueOf(headers.remove(ScheduledHeaders.SCHEDULED_FOR)));
		headers.remove(ScheduledHeaders.MANDATORY);
		message.getMessageProperties().setReceivedExchange(exchange);
		message.getMessageProperties().setReceivedRoutingKey(routingKey);
		this.log.scheduled(record(exchange, routingKey, message, dueAt));
		this.due.hold(dueAt, exchange, routingKey, message, false);
	}

	/**
	 * Record a scheduled message as published now that it is due, as the broker's relay publishes it.
	 * @param held the due message
	 * @return the message as published
	 */
	RecordedMessage released(DueMessages.Held held) {
		RecordedMessage published = record(held.exchange(), held.routingKey(), held.message(), null);
		this.log.published(published);
		return published;
	}

	RecordedMessage record(String exchange, String routingKey, Message message, Instant dueAt) {
		return new RecordedMessage(exchange, routingKey, message, dueAt, this.codec);
	}

	/**
	 * An AMQP message as the broker would deliver it from an exchange with a routing key.
	 * @param exchange the exchange
	 * @param routingKey the routing key
	 * @param properties the properties it was published with
	 * @param body the body
	 * @return the message
	 */
	Message message(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
		MessageProperties received = this.converter.toMessageProperties(properties, null, "UTF-8");
		received.setReceivedExchange(exchange);
		received.setReceivedRoutingKey(routingKey);
		return new Message(body, received);
	}

	/**
	 * Fail the publishing of every later message of a type, as a broker that refuses it would.
	 * @param type the type name
	 * @param error what the publisher's future fails with, or {@code null} to accept the type again
	 */
	void refuse(String type, RuntimeException error) {
		if (error != null) {
			this.refusals.put(type, error);
		}
		else {
			this.refusals.remove(type);
		}
	}

	void onPublished(Consumer<RecordedMessage> listener) {
		this.onPublished = listener;
	}

	HarnessClock clock() {
		return this.clock;
	}

	MessageLog log() {
		return this.log;
	}

	DueMessages due() {
		return this.due;
	}

	PendingReplies pendingReplies() {
		return this.pendingReplies;
	}

	void reset() {
		this.log.clear();
		this.due.clear();
		this.refusals.clear();
		this.pendingReplies.clear();
		this.clock.reset();
	}

}
