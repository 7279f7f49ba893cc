package io.mmate.envelope;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.mmate.Event;
import io.mmate.MessageKind;
import io.mmate.PublishOptions;
import io.mmate.Reply;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes and reads the Mmate JSON envelope. Writing is strict: the Go layout, key for key. Reading is lenient: keys in
 * any case, unknown fields ignored, timestamps with fractions or offsets, the type from the body, the AMQP
 * {@code type} property or the {@code x-message-type} header, and flat bodies without an envelope.
 */
public final class EnvelopeCodec {

	private static final String CONTENT_TYPE = "application/json";

	// The envelope's fields that decoding reads, lower-case, and their indexes.
	private static final String[] ENVELOPE_FIELDS = { "payload", "headers", "type", "id", "correlationid", "replyto",
			"timestamp" };

	private static final int PAYLOAD = 0;

	private static final int HEADERS = 1;

	private static final int TYPE = 2;

	private static final int ID = 3;

	private static final int CORRELATION_ID = 4;

	private static final int REPLY_TO = 5;

	private static final int TIMESTAMP = 6;

	private final JsonMapper mapper;

	/**
	 * Create a codec on a copy of the given mapper, reconfigured for the wire format.
	 * @param mapper the application's mapper, whose modules are kept
	 */
	public EnvelopeCodec(JsonMapper mapper) {
		this.mapper = mapper.rebuild()
			.enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
			// Payloads pass through a tree: keep amounts exact rather than round them through double.
			.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
			.build();
	}

	/**
	 * Encode a message into an AMQP body and properties.
	 * @param out the message and its metadata
	 * @return the AMQP message
	 */
	public org.springframework.amqp.core.Message encode(OutboundEnvelope out) {
		PublishOptions options = out.options();
		String timestamp = DateTimeFormatter.ISO_INSTANT.format(out.timestamp().truncatedTo(ChronoUnit.SECONDS));
		Map<String, Object> headers = headers(out, timestamp);
		ObjectNode body = this.mapper.createObjectNode();
		body.put("id", out.id());
		body.put("type", out.type());
		body.put("timestamp", timestamp);
		putIfText(body, "correlationId", options.correlationId());
		body.set("headers", this.mapper.valueToTree(new TreeMap<>(headers)));
		body.set("payload", payload(out));
		MessageProperties properties = properties(out, headers);
		return new org.springframework.amqp.core.Message(this.mapper.writeValueAsBytes(body), properties);
	}

	/**
	 * Decode the envelope of a delivery, leaving the payload as JSON.
	 * @param amqp the delivery
	 * @return the envelope
	 * @throws UndecodableMessageException if the body is not a JSON object or no type name can be found
	 */
	public InboundEnvelope decode(org.springframework.amqp.core.Message amqp) {
		MessageProperties properties = amqp.getMessageProperties();
		JsonNode root = parse(amqp.getBody());
		JsonNode[] top = CaseInsensitiveFields.find(root, ENVELOPE_FIELDS);
		JsonNode payloadNode = top[PAYLOAD];
		boolean enveloped = payloadNode != null && payloadNode.isObject();
		ObjectNode payload = enveloped ? (ObjectNode) payloadNode : (ObjectNode) root;
		Map<String, Object> headers = HeaderValues.merge(top[HEADERS], properties.getHeaders());
		String type = firstText(text(top[TYPE]), properties.getType(), headers.get(WireHeaders.MESSAGE_TYPE),
				headers.get(WireHeaders.PLAIN_MESSAGE_TYPE));
		if (type == null) {
			throw new UndecodableMessageException("No message type: the body has no 'type', the AMQP 'type' property "
					+ "is empty and there is no '" + WireHeaders.MESSAGE_TYPE + "' header", null);
		}
		String id = firstText(text(top[ID]), properties.getMessageId(), headers.get(WireHeaders.MESSAGE_ID),
				headers.get(WireHeaders.PLAIN_MESSAGE_ID));
		String correlationId = firstText(text(top[CORRELATION_ID]), properties.getCorrelationId(),
				headers.get(WireHeaders.CORRELATION_ID), headers.get(WireHeaders.PLAIN_CORRELATION_ID));
		String replyTo = firstText(text(CaseInsensitiveFields.find(payload, "replyto")), text(top[REPLY_TO]),
				properties.getReplyTo(), headers.get(WireHeaders.REPLY_TO));
		MessageKind kind = MessageKind.fromHeader(HeaderValues.asText(headers.get(WireHeaders.MESSAGE_KIND)));
		Instant timestamp = timestamp(text(top[TIMESTAMP]), properties.getTimestamp());
		return new InboundEnvelope(id, type, kind, timestamp, correlationId, replyTo, headers, payload);
	}

	/**
	 * Bind a payload to a class.
	 * @param <T> the target type
	 * @param envelope the decoded envelope
	 * @param type the class to bind to
	 * @return the bound payload
	 * @throws UndecodableMessageException if the payload does not fit the class
	 */
	public <T> T readPayload(InboundEnvelope envelope, Class<T> type) {
		if (type.isInstance(envelope.payload())) {
			return type.cast(envelope.payload());
		}
		try {
			return this.mapper.treeToValue(envelope.payload(), type);
		}
		catch (JacksonException ex) {
			throw new UndecodableMessageException("Payload of message type '" + envelope.type()
					+ "' does not bind to " + type.getName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

	private JsonNode parse(byte[] body) {
		JsonNode root;
		try {
			root = this.mapper.readTree(body);
		}
		catch (JacksonException ex) {
			throw new UndecodableMessageException("Body is not valid JSON: " + ex.getOriginalMessage(), ex);
		}
		if (root == null || !root.isObject()) {
			throw new UndecodableMessageException("Body is not a JSON object", null);
		}
		return root;
	}

	private ObjectNode payload(OutboundEnvelope out) {
		ObjectNode fields = this.mapper.valueToTree(out.message());
		// The envelope carries these; Go strips them from the payload too.
		fields.remove("id");
		fields.remove("type");
		fields.remove("timestamp");
		fields.remove("correlationId");
		Map<String, JsonNode> sorted = new TreeMap<>();
		fields.properties().forEach((entry) -> sorted.put(entry.getKey(), entry.getValue()));
		ObjectNode base = this.mapper.createObjectNode();
		putBaseFields(base, out);
		base.properties().forEach((entry) -> sorted.put(entry.getKey(), entry.getValue()));
		// Go marshals the payload from a map, so its keys come out sorted; so do ours.
		ObjectNode payload = this.mapper.createObjectNode();
		sorted.forEach((name, value) -> payload.set(name, sortKeys(value)));
		return payload;
	}

	// Nested objects are Go maps as well, so their keys come out sorted at every level.
	private JsonNode sortKeys(JsonNode node) {
		if (node.isObject()) {
			Map<String, JsonNode> fields = new TreeMap<>();
			node.properties().forEach((entry) -> fields.put(entry.getKey(), sortKeys(entry.getValue())));
			ObjectNode sorted = this.mapper.createObjectNode();
			fields.forEach(sorted::set);
			return sorted;
		}
		if (node.isArray()) {
			ArrayNode sorted = this.mapper.createArrayNode();
			node.values().forEach((element) -> sorted.add(sortKeys(element)));
			return sorted;
		}
		return node;
	}

	private void putBaseFields(ObjectNode base, OutboundEnvelope out) {
		String replyTo = out.options().replyTo();
		switch (out.kind()) {
			case COMMAND -> {
				base.put("targetService", (out.targetService() != null) ? out.targetService() : "");
				putIfText(base, "replyTo", replyTo);
			}
			case EVENT -> {
				Event event = (Event) out.message();
				base.put("aggregateId", (event.aggregateId() != null) ? event.aggregateId() : "");
				base.put("sequence", event.sequence());
				putIfText(base, "source", event.source());
			}
			case QUERY -> base.put("replyTo", (replyTo != null) ? replyTo : "");
			case REPLY -> {
				Reply reply = (Reply) out.message();
				base.put("success", reply.success());
				putIfText(base, "errorCode", reply.errorCode());
				putIfText(base, "errorMessage", reply.errorMessage());
			}
		}
	}

	private Map<String, Object> headers(OutboundEnvelope out, String timestamp) {
		PublishOptions options = out.options();
		Map<String, Object> headers = new LinkedHashMap<>(options.headers());
		headers.put(WireHeaders.MESSAGE_TYPE, out.type());
		headers.put(WireHeaders.MESSAGE_ID, out.id());
		headers.put(WireHeaders.MESSAGE_KIND, out.kind().headerValue());
		headers.put(WireHeaders.SOURCE, WireHeaders.SOURCE_VALUE);
		headers.put(WireHeaders.VERSION, WireHeaders.VERSION_VALUE);
		headers.put(WireHeaders.PLAIN_MESSAGE_ID, out.id());
		headers.put(WireHeaders.PLAIN_MESSAGE_TYPE, out.type());
		headers.put(WireHeaders.PLAIN_TIMESTAMP, timestamp);
		headers.put(WireHeaders.PLAIN_SOURCE, WireHeaders.SOURCE_VALUE);
		if (hasText(options.correlationId())) {
			headers.put(WireHeaders.CORRELATION_ID, options.correlationId());
			headers.put(WireHeaders.PLAIN_CORRELATION_ID, options.correlationId());
		}
		if (out.message() instanceof Event event) {
			headers.put(WireHeaders.AGGREGATE_ID, (event.aggregateId() != null) ? event.aggregateId() : "");
			headers.put(WireHeaders.SEQUENCE, Long.toString(event.sequence()));
		}
		else if (out.message() instanceof Reply reply) {
			headers.put(WireHeaders.SUCCESS, Boolean.toString(reply.success()));
		}
		else if (hasText(options.replyTo())) {
			headers.put(WireHeaders.REPLY_TO, options.replyTo());
		}
		return headers;
	}

	private static MessageProperties properties(OutboundEnvelope out, Map<String, Object> headers) {
		PublishOptions options = out.options();
		MessageProperties properties = new MessageProperties();
		properties.setContentType(CONTENT_TYPE);
		properties.setDeliveryMode(options.persistent() ? MessageDeliveryMode.PERSISTENT
				: MessageDeliveryMode.NON_PERSISTENT);
		properties.setMessageId(out.id());
		properties.setType(out.type());
		properties.setTimestamp(Date.from(out.timestamp().truncatedTo(ChronoUnit.SECONDS)));
		if (hasText(options.correlationId())) {
			properties.setCorrelationId(options.correlationId());
		}
		if (hasText(options.replyTo())) {
			properties.setReplyTo(options.replyTo());
		}
		if (options.ttl() != null) {
			properties.setExpiration(Long.toString(options.ttl().toMillis()));
		}
		if (options.priority() != null) {
			properties.setPriority(options.priority());
		}
		headers.forEach(properties::setHeader);
		return properties;
	}

	private static Instant timestamp(String text, Date property) {
		if (text != null) {
			Instant utc = UtcTimestamps.parse(text);
			if (utc != null) {
				return utc;
			}
			try {
				return OffsetDateTime.parse(text).toInstant();
			}
			catch (DateTimeParseException ex) {
				try {
					// .NET may write a UTC time without an offset.
					return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
				}
				catch (DateTimeParseException notLocal) {
					// Lenient reading: fall back to the AMQP property rather than reject the message.
				}
			}
		}
		return (property != null) ? property.toInstant() : null;
	}

	private static String text(JsonNode node) {
		return (node != null && node.isValueNode() && !node.isNull()) ? node.asString() : null;
	}

	// Four parameters rather than varargs: no array per call, four calls per message.
	private static String firstText(Object first, Object second, Object third, Object fourth) {
		String text = HeaderValues.asText(first);
		if (hasText(text)) {
			return text;
		}
		text = HeaderValues.asText(second);
		if (hasText(text)) {
			return text;
		}
		text = HeaderValues.asText(third);
		if (hasText(text)) {
			return text;
		}
		text = HeaderValues.asText(fourth);
		return hasText(text) ? text : null;
	}

	private static void putIfText(ObjectNode node, String name, String value) {
		if (hasText(value)) {
			node.put(name, value);
		}
	}

	private static boolean hasText(String value) {
		return value != null && !value.isEmpty();
	}

}
