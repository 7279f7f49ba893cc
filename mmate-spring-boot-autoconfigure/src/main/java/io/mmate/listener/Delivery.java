package io.mmate.listener;

import com.rabbitmq.client.Channel;
import io.mmate.dispatch.Arrival;
import io.mmate.envelope.InboundEnvelope;
import io.mmate.failure.DeadLetterHeaders;
import io.mmate.failure.FailureHistory;
import io.mmate.metrics.HandleContext;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/**
 * One delivery on its way through the listener, and what has been found out about it so far: its envelope once
 * decoded, its type once a handler takes it, and its outcome. Each finding also goes to the delivery's observation
 * context, when the delivery is observed.
 */
final class Delivery {

	private final Message message;

	private final Channel channel;

	private final HandleContext observed;

	private InboundEnvelope envelope;

	private String type = HandleContext.UNKNOWN_TYPE;

	Delivery(Message message, Channel channel, HandleContext observed) {
		this.message = message;
		this.channel = channel;
		this.observed = observed;
	}

	Message message() {
		return this.message;
	}

	Channel channel() {
		return this.channel;
	}

	long tag() {
		return this.message.getMessageProperties().getDeliveryTag();
	}

	boolean redelivered() {
		return Boolean.TRUE.equals(this.message.getMessageProperties().isRedelivered());
	}

	int size() {
		return this.message.getBody().length;
	}

	/**
	 * @return how the delivery reached its queue, with the address it was first published to when it is a copy
	 */
	Arrival arrival() {
		MessageProperties properties = this.message.getMessageProperties();
		return new Arrival(properties.getReceivedExchange(), properties.getReceivedRoutingKey(),
				text(properties.getHeader(DeadLetterHeaders.ORIGINAL_EXCHANGE)),
				text(properties.getHeader(DeadLetterHeaders.ORIGINAL_ROUTING_KEY)));
	}

	/**
	 * @return the failures the message has been through, as far as its headers can be trusted
	 */
	FailureHistory history() {
		return FailureHistory.of(this.message.getMessageProperties());
	}

	/**
	 * @return the envelope, or {@code null} before it is decoded or when it cannot be
	 */
	InboundEnvelope envelope() {
		return this.envelope;
	}

	void decoded(InboundEnvelope envelope) {
		this.envelope = envelope;
		if (this.observed != null) {
			this.observed.setMessageId(envelope.id());
		}
	}

	String type() {
		return this.type;
	}

	void handledAs(String type) {
		this.type = type;
		if (this.observed != null) {
			this.observed.setType(type);
		}
	}

	void outcome(String outcome) {
		if (this.observed != null) {
			this.observed.setOutcome(outcome);
		}
	}

	private static String text(Object header) {
		return (header != null) ? header.toString() : null;
	}

}
