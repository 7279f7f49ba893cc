package io.mmate.test.broker;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.util.Assert;

/**
 * A Mmate envelope as a Go service ({@code mmate-go}) writes it, to publish with a {@link BrokerProbe}: a JSON body of
 * {@code id}, {@code type}, {@code timestamp} (whole seconds, UTC), {@code correlationId}, {@code headers} and
 * {@code payload}, the kind's base fields inside the payload ({@code targetService} and {@code replyTo} of a command,
 * {@code aggregateId} and {@code sequence} of an event, {@code replyTo} of a query, {@code success} of a reply), the
 * Go publisher's headers both in the body and in the AMQP header table, and only {@code content-type} and a
 * persistent delivery mode as AMQP properties. Immutable: each {@code with} method returns a new envelope.
 */
public final class GoEnvelope {

	private final String kind;

	private final String type;

	private final Object payload;

	private final String targetService;

	private final String aggregateId;

	private final long sequence;

	private final boolean success;

	private final String id;

	private final String correlationId;

	private final String replyTo;

	private final Instant timestamp;

	private final Map<String, String> extraHeaders;

	private GoEnvelope(String kind, String type, Object payload, String targetService, String aggregateId,
			long sequence, boolean success, String id, String correlationId, String replyTo, Instant timestamp,
			Map<String, String> extraHeaders) {
		Assert.hasText(type, "type must not be empty");
		this.kind = kind;
		this.type = type;
		this.payload = payload;
		this.targetService = targetService;
		this.aggregateId = aggregateId;
		this.sequence = sequence;
		this.success = success;
		this.id = id;
		this.correlationId = correlationId;
		this.replyTo = replyTo;
		this.timestamp = timestamp;
		this.extraHeaders = extraHeaders;
	}

	private static GoEnvelope of(String kind, String type, Object payload, String targetService,
			String aggregateId) {
		return new GoEnvelope(kind, type, payload, targetService, aggregateId, 0, true, UUID.randomUUID().toString(),
				null, null, Instant.now(), Map.of());
	}

	/**
	 * A command, as Go's {@code PublishCommand} sends it to {@code mmate.commands} with the routing key
	 * {@code cmd.{targetService}.{type}}.
	 * @param type the message type name, such as {@code PlaceOrderCommand}
	 * @param targetService the service the command is for
	 * @param payload the command's fields: a record, a bean or a {@code Map}, written as JSON
	 * @return the envelope
	 */
	public static GoEnvelope command(String type, String targetService, Object payload) {
		Assert.hasText(targetService, "targetService must not be empty");
		return of("command", type, payload, targetService, null);
	}

	/**
	 * An event, as Go's {@code PublishEvent} sends it to {@code mmate.events} with the routing key
	 * {@code evt.{aggregateId}.{type}}.
	 * @param type the message type name, such as {@code OrderPlacedEvent}
	 * @param aggregateId the aggregate the event is about
	 * @param payload the event's fields
	 * @return the envelope
	 */
	public static GoEnvelope event(String type, String aggregateId, Object payload) {
		Assert.notNull(aggregateId, "aggregateId must not be null");
		return of("event", type, payload, null, aggregateId);
	}

	/**
	 * A query, as Go's {@code PublishQuery} sends it to {@code mmate.queries} with the routing key
	 * {@code qry.{type}}.
	 * @param type the message type name, such as {@code GetOrderQuery}
	 * @param payload the query's fields
	 * @return the envelope
	 */
	public static GoEnvelope query(String type, Object payload) {
		return of("query", type, payload, null, null);
	}

	/**
	 * A successful reply, as a Go service answers a request; send it to the requester's reply queue.
	 * @param type the message type name, such as {@code OrderReply}
	 * @param payload the reply's fields
	 * @return the envelope
	 */
	public static GoEnvelope reply(String type, Object payload) {
		return of("reply", type, payload, null, null);
	}

	/**
	 * This envelope with another message id.
	 * @param id the message id
	 * @return a new envelope
	 */
	public GoEnvelope withId(String id) {
		Assert.hasText(id, "id must not be empty");
		return new GoEnvelope(this.kind, this.type, this.payload, this.targetService, this.aggregateId, this.sequence,
				this.success, id, this.correlationId, this.replyTo, this.timestamp, this.extraHeaders);
	}

	/**
	 * This envelope with a correlation id, written at envelope level and as the {@code x-correlation-id} and
	 * {@code correlation-id} headers.
	 * @param correlationId the correlation id
	 * @return a new envelope
	 */
	public GoEnvelope withCorrelationId(String correlationId) {
		return new GoEnvelope(this.kind, this.type, this.payload, this.targetService, this.aggregateId, this.sequence,
				this.success, this.id, correlationId, this.replyTo, this.timestamp, this.extraHeaders);
	}

	/**
	 * This command or query with a reply address, written where Go's request/reply bridge writes it: in
	 * {@code payload.replyTo} and the {@code x-reply-to} header.
	 * @param replyTo the reply queue's name
	 * @return a new envelope
	 */
	public GoEnvelope withReplyTo(String replyTo) {
		Assert.state(this.kind.equals("command") || this.kind.equals("query"),
				() -> "only a command or a query has a reply address, not a " + this.kind);
		return new GoEnvelope(this.kind, this.type, this.payload, this.targetService, this.aggregateId, this.sequence,
				this.success, this.id, this.correlationId, replyTo, this.timestamp, this.extraHeaders);
	}

	/**
	 * This event with a sequence number ({@code payload.sequence} and the {@code x-sequence} header).
	 * @param sequence the sequence number
	 * @return a new envelope
	 */
	public GoEnvelope withSequence(long sequence) {
		Assert.state(this.kind.equals("event"), () -> "only an event has a sequence, not a " + this.kind);
		return new GoEnvelope(this.kind, this.type, this.payload, this.targetService, this.aggregateId, sequence,
				this.success, this.id, this.correlationId, this.replyTo, this.timestamp, this.extraHeaders);
	}

	/**
	 * This reply as a failed one: {@code payload.success} and the {@code x-success} header {@code false}. Put
	 * {@code errorCode} and {@code errorMessage} into the payload as a Go error reply does.
	 * @return a new envelope
	 */
	public GoEnvelope failed() {
		Assert.state(this.kind.equals("reply"), () -> "only a reply can fail, not a " + this.kind);
		return new GoEnvelope(this.kind, this.type, this.payload, this.targetService, this.aggregateId, this.sequence,
				false, this.id, this.correlationId, this.replyTo, this.timestamp, this.extraHeaders);
	}

	/**
	 * This envelope with another timestamp, written in whole seconds as Go writes it.
	 * @param timestamp the timestamp
	 * @return a new envelope
	 */
	public GoEnvelope withTimestamp(Instant timestamp) {
		Assert.notNull(timestamp, "timestamp must not be null");
		return new GoEnvelope(this.kind, this.type, this.payload, this.targetService, this.aggregateId, this.sequence,
				this.success, this.id, this.correlationId, this.replyTo, timestamp, this.extraHeaders);
	}

	/**
	 * This envelope with one more header, in the body's {@code headers} and the AMQP header table, as a Go
	 * publish option's header travels.
	 * @param name the header's name
	 * @param value its value
	 * @return a new envelope
	 */
	public GoEnvelope withHeader(String name, String value) {
		Map<String, String> headers = new LinkedHashMap<>(this.extraHeaders);
		headers.put(name, value);
		return new GoEnvelope(this.kind, this.type, this.payload, this.targetService, this.aggregateId, this.sequence,
				this.success, this.id, this.correlationId, this.replyTo, this.timestamp,
				Collections.unmodifiableMap(headers));
	}

	/**
	 * The message kind: {@code command}, {@code event}, {@code query} or {@code reply}.
	 * @return the kind
	 */
	public String kind() {
		return this.kind;
	}

	/**
	 * The message type name.
	 * @return the type
	 */
	public String type() {
		return this.type;
	}

	/**
	 * The message id.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * The correlation id, {@code null} if none was given.
	 * @return the correlation id
	 */
	public String correlationId() {
		return this.correlationId;
	}

	/**
	 * The reply address, {@code null} if none was given.
	 * @return the reply queue's name
	 */
	public String replyTo() {
		return this.replyTo;
	}

	/**
	 * The exchange a Go service publishes this kind of message to: {@code mmate.commands}, {@code mmate.events} or
	 * {@code mmate.queries}.
	 * @return the exchange
	 * @throws IllegalStateException for a reply, which goes to its reply queue through the default exchange
	 */
	public String exchange() {
		return switch (this.kind) {
			case "command" -> "mmate.commands";
			case "event" -> "mmate.events";
			case "query" -> "mmate.queries";
			default -> throw new IllegalStateException("a reply has no exchange of its own: send it to its queue");
		};
	}

	/**
	 * The routing key a Go service publishes this message with: {@code cmd.{targetService}.{type}},
	 * {@code evt.{aggregateId}.{type}} or {@code qry.{type}}.
	 * @return the routing key
	 * @throws IllegalStateException for a reply, whose routing key is its reply queue's name
	 */
	public String routingKey() {
		return switch (this.kind) {
			case "command" -> "cmd." + this.targetService + "." + this.type;
			case "event" -> "evt." + this.aggregateId + "." + this.type;
			case "query" -> "qry." + this.type;
			default -> throw new IllegalStateException("a reply's routing key is its reply queue's name");
		};
	}

	/**
	 * The envelope's JSON body.
	 * @param json the mapper that writes the payload
	 * @return the body, UTF-8
	 */
	public byte[] toJson(JsonMapper json) {
		ObjectNode body = json.createObjectNode();
		String time = this.timestamp.truncatedTo(ChronoUnit.SECONDS).toString();
		body.put("id", this.id);
		body.put("type", this.type);
		body.put("timestamp", time);
		if (hasText(this.correlationId)) {
			body.put("correlationId", this.correlationId);
		}
		ObjectNode headers = body.putObject("headers");
		headers(time).forEach((name, value) -> {
			if (value instanceof Integer number) {
				headers.put(name, number);
			}
			else {
				headers.put(name, (String) value);
			}
		});
		body.set("payload", payload(json));
		return json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The AMQP message a Go service sends: the JSON body, {@code content-type: application/json}, persistent, and
	 * the envelope's headers in the header table (strings as long strings, Go's {@code uint8} values as bytes).
	 * @param json the mapper that writes the payload
	 * @return the message
	 */
	public Message toMessage(JsonMapper json) {
		MessageProperties properties = new MessageProperties();
		properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
		properties.setContentEncoding(null);
		properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
		String time = this.timestamp.truncatedTo(ChronoUnit.SECONDS).toString();
		headers(time).forEach((name, value) -> properties.setHeader(name,
				(value instanceof Integer number) ? (Object) number.byteValue() : value));
		return new Message(toJson(json), properties);
	}

	// The headers of Go's envelope factory and publisher; Go marshals its header map with the keys sorted.
	private Map<String, Object> headers(String time) {
		Map<String, Object> headers = new TreeMap<>();
		headers.put("delivery-mode", 2);
		headers.put("priority", 0);
		headers.put("expiration", "300000");
		headers.put("message-id", this.id);
		headers.put("x-message-id", this.id);
		headers.put("message-type", this.type);
		headers.put("x-message-type", this.type);
		headers.put("timestamp", time);
		headers.put("source", "mmate-go");
		headers.put("x-source", "mmate-go");
		headers.put("x-version", "1.0");
		headers.put("x-message-kind", this.kind);
		if (hasText(this.correlationId)) {
			headers.put("correlation-id", this.correlationId);
			headers.put("x-correlation-id", this.correlationId);
		}
		if (hasText(this.replyTo)) {
			headers.put("x-reply-to", this.replyTo);
		}
		if (this.kind.equals("event")) {
			headers.put("x-aggregate-id", this.aggregateId);
			headers.put("x-sequence", Long.toString(this.sequence));
		}
		if (this.kind.equals("reply")) {
			headers.put("x-success", Boolean.toString(this.success));
		}
		headers.putAll(this.extraHeaders);
		return headers;
	}

	// Go re-marshals the payload from a map without the envelope's own fields, so its keys come sorted, down to the
	// nested objects (which it reads into maps too).
	private JsonNode payload(JsonMapper json) {
		JsonNode fields = (this.payload != null) ? json.valueToTree(this.payload) : json.createObjectNode();
		Assert.state(fields.isObject(), () -> "the payload of " + this.type + " must be written as a JSON object, not "
				+ fields.getNodeType());
		Map<String, JsonNode> sorted = new TreeMap<>();
		fields.properties().forEach((field) -> sorted.put(field.getKey(), sortedKeys(field.getValue(), json)));
		sorted.keySet().removeAll(List.of("id", "type", "timestamp", "correlationId"));
		switch (this.kind) {
			case "command" -> {
				sorted.put("targetService", json.getNodeFactory().stringNode(this.targetService));
				if (hasText(this.replyTo)) {
					sorted.put("replyTo", json.getNodeFactory().stringNode(this.replyTo));
				}
			}
			case "event" -> {
				sorted.put("aggregateId", json.getNodeFactory().stringNode(this.aggregateId));
				sorted.put("sequence", json.getNodeFactory().numberNode(this.sequence));
			}
			case "query" -> sorted.put("replyTo",
					json.getNodeFactory().stringNode(hasText(this.replyTo) ? this.replyTo : ""));
			default -> sorted.put("success", json.getNodeFactory().booleanNode(this.success));
		}
		ObjectNode written = json.createObjectNode();
		sorted.forEach(written::set);
		return written;
	}

	private static JsonNode sortedKeys(JsonNode node, JsonMapper json) {
		if (node.isObject()) {
			Map<String, JsonNode> fields = new TreeMap<>();
			node.properties().forEach((field) -> fields.put(field.getKey(), sortedKeys(field.getValue(), json)));
			ObjectNode sorted = json.createObjectNode();
			fields.forEach(sorted::set);
			return sorted;
		}
		if (node.isArray()) {
			ArrayNode elements = json.createArrayNode();
			node.forEach((element) -> elements.add(sortedKeys(element, json)));
			return elements;
		}
		return node;
	}

	private static boolean hasText(String value) {
		return value != null && !value.isEmpty();
	}

	@Override
	public String toString() {
		return "Go " + this.kind + " " + this.type + " (id " + this.id + ")";
	}

}
