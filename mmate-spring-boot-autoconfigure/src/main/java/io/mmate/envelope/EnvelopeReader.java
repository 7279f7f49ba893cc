package io.mmate.envelope;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Map;

import io.mmate.MessageKind;
import io.mmate.Reply;
import org.springframework.amqp.core.MessageProperties;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the Mmate JSON envelope leniently: keys in any case, unknown fields ignored, timestamps with fractions or
 * offsets, the type from the body, the AMQP {@code type} property or the {@code x-message-type} header, and flat bodies
 * without an envelope.
 */
final class EnvelopeReader {

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

	EnvelopeReader(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * Decode the envelope of a delivery, leaving the payload as JSON.
	 * @param amqp the delivery
	 * @return the envelope
	 * @throws UndecodableMessageException if the body is not a JSON object or no type name can be found
	 */
	InboundEnvelope decode(org.springframework.amqp.core.Message amqp) {
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
	<T> T readPayload(InboundEnvelope envelope, Class<T> type) {
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

	private static boolean hasText(String value) {
		return value != null && !value.isEmpty();
	}

}
