package io.mmate.test;

import java.math.BigDecimal;
import java.util.Objects;

import io.mmate.DeadLetterReason;
import io.mmate.envelope.TypeRegistry;
import tools.jackson.databind.JsonNode;

import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link RecordedMessage}: where it went, its type, headers and payload.
 */
public class RecordedMessageAssert extends AbstractAssert<RecordedMessageAssert, RecordedMessage> {

	RecordedMessageAssert(RecordedMessage actual) {
		super(actual, RecordedMessageAssert.class);
	}

	/**
	 * The message has a type name.
	 * @param type the Mmate type name, such as {@code OrderPlacedEvent}
	 * @return this
	 */
	public RecordedMessageAssert hasType(String type) {
		isNotNull();
		if (!Objects.equals(this.actual.type(), type)) {
			failWithMessage("Expected message type <%s> but was <%s> (%s)", type, this.actual.type(), this.actual);
		}
		return this;
	}

	/**
	 * The message has the type name of a class, as the starter names it ({@code @MessageType}, else the simple
	 * name).
	 * @param type the message class
	 * @return this
	 */
	public RecordedMessageAssert hasType(Class<?> type) {
		return hasType(new TypeRegistry().nameOf(type));
	}

	/**
	 * The message went to an exchange.
	 * @param exchange the exchange, {@code ""} for the default exchange
	 * @return this
	 */
	public RecordedMessageAssert hasExchange(String exchange) {
		isNotNull();
		if (!Objects.equals(this.actual.exchange(), exchange)) {
			failWithMessage("Expected exchange <%s> but was <%s> (%s)", exchange, this.actual.exchange(), this.actual);
		}
		return this;
	}

	/**
	 * The message went with a routing key.
	 * @param routingKey the routing key
	 * @return this
	 */
	public RecordedMessageAssert hasRoutingKey(String routingKey) {
		isNotNull();
		if (!Objects.equals(this.actual.routingKey(), routingKey)) {
			failWithMessage("Expected routing key <%s> but was <%s> (%s)", routingKey, this.actual.routingKey(),
					this.actual);
		}
		return this;
	}

	/**
	 * The message carries an AMQP header.
	 * @param name the header
	 * @return this
	 */
	public RecordedMessageAssert hasHeader(String name) {
		isNotNull();
		if (!this.actual.headers().containsKey(name)) {
			failWithMessage("Expected header <%s> but the headers were %s", name, this.actual.headers());
		}
		return this;
	}

	/**
	 * The message carries an AMQP header whose text is a value.
	 * @param name the header
	 * @param value the expected value, compared as text
	 * @return this
	 */
	public RecordedMessageAssert hasHeader(String name, Object value) {
		hasHeader(name);
		String expected = String.valueOf(value);
		if (!expected.equals(this.actual.header(name))) {
			failWithMessage("Expected header <%s> to be <%s> but was <%s>", name, expected, this.actual.header(name));
		}
		return this;
	}

	/**
	 * The message's correlation id.
	 * @param correlationId the expected correlation id
	 * @return this
	 */
	public RecordedMessageAssert hasCorrelationId(String correlationId) {
		isNotNull();
		if (!Objects.equals(this.actual.correlationId(), correlationId)) {
			failWithMessage("Expected correlation id <%s> but was <%s>", correlationId, this.actual.correlationId());
		}
		return this;
	}

	/**
	 * A payload field has a value. The path names nested fields with dots ({@code customer.id}), and array elements by
	 * their index ({@code items.0.sku}); numbers compare by
	 * value ({@code 20.0} equals {@code 20.00}), everything else by its JSON text.
	 * @param path the field
	 * @param value the expected value: a string, number, boolean, or {@code null} for JSON null
	 * @return this
	 */
	public RecordedMessageAssert hasPayloadField(String path, Object value) {
		isNotNull();
		JsonNode node = this.actual.payload();
		for (String name : path.split("\\.")) {
			node = (node == null) ? null
					: (node.isArray() && name.chars().allMatch(Character::isDigit)) ? node.get(Integer.parseInt(name))
							: node.get(name);
		}
		if (node == null || node.isMissingNode()) {
			failWithMessage("Expected payload field <%s> but the payload was %s", path, this.actual.payload());
			return this;
		}
		if (!matches(node, value)) {
			failWithMessage("Expected payload field <%s> to be <%s> but was <%s>", path, value, node);
		}
		return this;
	}

	/**
	 * The payload, bound to the class of an expected message, equals it.
	 * @param expected the expected message
	 * @return this
	 */
	public RecordedMessageAssert hasPayload(Object expected) {
		isNotNull();
		Object payload = this.actual.payloadAs(expected.getClass());
		if (!expected.equals(payload)) {
			failWithMessage("Expected payload <%s> but was <%s>", expected, payload);
		}
		return this;
	}

	/**
	 * The message is a dead letter with a reason.
	 * @param reason the reason
	 * @return this
	 */
	public RecordedMessageAssert hasDeadLetterReason(DeadLetterReason reason) {
		isNotNull();
		if (this.actual.deadLetterReason() != reason) {
			failWithMessage("Expected dead-letter reason <%s> but was <%s>", reason, this.actual.deadLetterReason());
		}
		return this;
	}

	private static boolean matches(JsonNode node, Object value) {
		if (value == null) {
			return node.isNull();
		}
		if (value instanceof Number number && node.isNumber()) {
			return new BigDecimal(number.toString()).compareTo(node.decimalValue()) == 0;
		}
		if (value instanceof Boolean bool) {
			return node.isBoolean() && node.booleanValue() == bool;
		}
		if (node.isString()) {
			return node.stringValue().equals(value.toString());
		}
		return node.toString().equals(value.toString());
	}

}
