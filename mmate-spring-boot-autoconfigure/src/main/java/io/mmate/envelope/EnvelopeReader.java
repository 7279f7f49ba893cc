package io.mmate.envelope;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.mmate.MessageKind;
import io.mmate.connection.InboundSafety;
import org.springframework.amqp.core.MessageProperties;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationContextExt;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the Mmate JSON envelope leniently: keys in any case, unknown fields ignored, timestamps with fractions or
 * offsets, the type from the body, the AMQP {@code type} property or the {@code x-message-type} header, the reply
 * address wherever a sender puts it (see {@link ReplyAddress}), and flat bodies without an envelope.
 */
final class EnvelopeReader {

	// The envelope's fields that decoding reads, lower-case, and their indexes. Every other key is skipped unread.
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

	// The root deserializer of each payload class, found once as a mapper's reader finds it: a payload is bound on the
	// envelope's parser with the context that parser was created with, rather than with a reader's context of its own
	// for each message.
	private final Map<Class<?>, RootBinding> payloadBindings = new ConcurrentHashMap<>();

	// Messages of a queue carry few type names: the latest one read is kept, so that the body's type is not copied
	// into a new string for each message.
	private volatile String lastType;

	// Messages sent in the same second carry the same timestamp text: the latest one read is kept with its instant,
	// so that a busy queue parses each second once.
	private volatile ParsedTimestamp lastTimestamp;

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
		return decode(amqp, null);
	}

	/**
	 * Decode the envelope of a delivery, binding the payload to the class its type takes while the body is read when
	 * the body names its type before its payload. The payload is also kept as JSON, for every other use.
	 * @param amqp the delivery
	 * @param types the class each type's payload binds to, or {@code null} to bind nothing
	 * @return the envelope
	 * @throws UndecodableMessageException if the body is not a JSON object or no type name can be found
	 */
	InboundEnvelope decode(org.springframework.amqp.core.Message amqp, PayloadTypes types) {
		try {
			return decode(amqp.getBody(), amqp.getMessageProperties(), types);
		}
		catch (JacksonException ex) {
			throw new UndecodableMessageException("Body is not valid JSON: " + ex.getOriginalMessage(), ex);
		}
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
		PayloadJson payload = envelope.payloadJson();
		Object bound = payload.takeBound(type);
		if (bound != null) {
			return type.cast(bound);
		}
		try {
			if (type.isAssignableFrom(ObjectNode.class)) {
				// A handler of JsonNode, ObjectNode or Object takes the tree itself.
				return type.cast(payload.tree());
			}
			if (payload.hasBytes()) {
				return this.mapper.readValue(payload.body(), payload.offset(), payload.length(), type);
			}
			return this.mapper.treeToValue(payload.tree(), type);
		}
		catch (JacksonException ex) {
			throw new UndecodableMessageException("Payload of message type '" + envelope.type()
					+ "' does not bind to " + type.getName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

	// Reads the body as a stream: the envelope's fields, the headers, and of the payload where it is and its replyTo,
	// binding it on the way when its class is known. Neither the body nor the payload becomes a tree.
	private InboundEnvelope decode(byte[] body, MessageProperties properties, PayloadTypes types) {
		Map<String, Object> amqpHeaders = properties.getHeaders();
		requireReadableHeaders(amqpHeaders);
		MergedHeaders headers = HeaderValues.newMerged(amqpHeaders);
		BodyFields fields = new BodyFields(types);
		try (JsonParser parser = this.mapper.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new UndecodableMessageException("Body is not a JSON object", null);
			}
			int start = (int) parser.currentTokenLocation().getByteOffset();
			if (start < 0) {
				// Jackson reads UTF-16 and UTF-32 through a Reader, which knows no byte offsets: take the rare body
				// in such an encoding as UTF-8.
				return decode(this.mapper.writeValueAsBytes(this.mapper.readTree(body)), properties, types);
			}
			fields.read(parser, amqpHeaders, headers);
			if (fields.bindingFailed) {
				// Read the body again without binding: the payload stays JSON, and binding it when the handler asks
				// fails there as it would have, with the same error.
				return decode(body, properties, null);
			}
			int end = endOfObject(parser);
			if (this.mapper.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) && parser.nextToken() != null) {
				throw new UndecodableMessageException("Body is not valid JSON: content after the object", null);
			}
			if (fields.payloadStart < 0) {
				// A flat body without an envelope: the whole object is the payload.
				fields.payloadStart = start;
				fields.payloadEnd = end;
				fields.payloadReplyTo = fields.replyTo;
			}
		}
		Map<String, Object> merged = HeaderValues.merge(headers, amqpHeaders);
		String type = firstText(fields.type, properties.getType(), merged.get(WireHeaders.MESSAGE_TYPE),
				merged.get(WireHeaders.PLAIN_MESSAGE_TYPE));
		if (type == null) {
			throw new UndecodableMessageException("No message type: the body has no 'type', the AMQP 'type' property "
					+ "is empty and there is no '" + WireHeaders.MESSAGE_TYPE + "' header", null);
		}
		String id = firstText(fields.id, properties.getMessageId(), merged.get(WireHeaders.MESSAGE_ID),
				merged.get(WireHeaders.PLAIN_MESSAGE_ID));
		String correlationId = firstText(fields.correlationId, properties.getCorrelationId(),
				merged.get(WireHeaders.CORRELATION_ID), merged.get(WireHeaders.PLAIN_CORRELATION_ID));
		String replyTo = ReplyAddress.find(type, fields.payloadReplyTo, fields.replyTo, properties.getReplyTo(),
				merged);
		requireShortString("message type", type);
		if (type == fields.type && type != this.lastType) {
			this.lastType = type;
		}
		requireShortString("message id", id);
		requireShortString("correlation id", correlationId);
		MessageKind kind = MessageKind.fromHeader(HeaderValues.asText(merged.get(WireHeaders.MESSAGE_KIND)));
		Instant timestamp = timestamp(fields.timestamp, properties.getTimestamp());
		PayloadJson payload = (fields.boundType != null)
				? PayloadJson.of(body, fields.payloadStart, fields.payloadEnd - fields.payloadStart, this.mapper,
						fields.boundType, fields.bound)
				: PayloadJson.of(body, fields.payloadStart, fields.payloadEnd - fields.payloadStart, this.mapper);
		return new InboundEnvelope(id, type, kind, timestamp, correlationId, replyTo, merged, payload);
	}

	// Binds the payload with the context of the envelope's parser, as a mapper's reader binds a root value.
	private Object bindPayload(JsonParser parser, JsonParser payload, Class<?> target) {
		if (!(parser.objectReadContext() instanceof DeserializationContextExt context)) {
			throw new IllegalStateException("The envelope's parser was not created by the mapper");
		}
		RootBinding binding = this.payloadBindings.get(target);
		if (binding == null) {
			JavaType type = context.constructType(target);
			binding = new RootBinding(type, context.findRootValueDeserializer(type));
			this.payloadBindings.putIfAbsent(target, binding);
		}
		return context.readRootValue(payload, binding.type(), binding.deserializer(), null);
	}

	// The connection replaces a header table that it cannot let the client read with one header saying why.
	private static void requireReadableHeaders(Map<String, Object> amqpHeaders) {
		Object invalid = amqpHeaders.get(InboundSafety.INVALID_HEADERS);
		if (invalid != null) {
			throw new UndecodableMessageException(BoundedText.of(HeaderValues.fromAmqp(invalid)), null);
		}
	}

	// What becomes an AMQP short string when the message is answered, forwarded or dead-lettered must fit in one.
	private static void requireShortString(String field, String value) {
		if (!ShortStrings.fits(value)) {
			throw new UndecodableMessageException("The " + field + " is " + ShortStrings.utf8Length(value)
					+ " bytes long (UTF-8), more than the " + ShortStrings.MAX_BYTES + " of an AMQP short string",
					null);
		}
	}

	// The offset just after the object the parser is at the end of.
	private static int endOfObject(JsonParser parser) {
		return (int) parser.currentTokenLocation().getByteOffset() + 1;
	}

	// The text of a scalar value, null for JSON null, objects and arrays, which are skipped.
	private static String scalarText(JsonParser parser, JsonToken token) {
		if (token.isScalarValue() && token != JsonToken.VALUE_NULL) {
			return parser.getString();
		}
		parser.skipChildren();
		return null;
	}

	// The text of a scalar value as scalarText reads it, but the given text itself when the value is a string of the
	// same characters, read in place.
	private static String reusedText(JsonParser parser, JsonToken token, String known) {
		if (known != null && token == JsonToken.VALUE_STRING) {
			int length = parser.getStringLength();
			if (length == known.length()) {
				char[] chars = parser.getStringCharacters();
				int offset = parser.getStringOffset();
				int i = 0;
				while (i < length && chars[offset + i] == known.charAt(i)) {
					i++;
				}
				if (i == length) {
					return known;
				}
			}
		}
		return scalarText(parser, token);
	}

	private Instant timestamp(String text, Date property) {
		if (text != null) {
			ParsedTimestamp last = this.lastTimestamp;
			if (last != null && last.text().equals(text)) {
				return last.instant();
			}
			Instant utc = UtcTimestamps.parse(text);
			if (utc != null) {
				this.lastTimestamp = new ParsedTimestamp(text, utc);
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

	// Four parameters rather than varargs: no array per call, three calls per message.
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

	/**
	 * The top-level fields of a body as one pass over it finds them: for each name the first key that matches it in
	 * any case, as the tree lookup did; and the payload bound to its class when the type, read before it, has one.
	 */
	private final class BodyFields {

		private final PayloadTypes types;

		// The texts of the scalar fields.
		String type;

		String id;

		String correlationId;

		String replyTo;

		String timestamp;

		int payloadStart = -1;

		int payloadEnd;

		String payloadReplyTo;

		// The class the payload was bound to and the bound payload, when it was.
		Class<?> boundType;

		Object bound;

		boolean bindingFailed;

		// Bit per field index: a later key in another case does not count.
		private int seen;

		BodyFields(PayloadTypes types) {
			this.types = types;
		}

		void read(JsonParser parser, Map<String, Object> amqpHeaders, MergedHeaders headers) {
			String name;
			while ((name = parser.nextName()) != null) {
				JsonToken token = parser.nextToken();
				int field = CaseInsensitiveFields.indexOf(name, ENVELOPE_FIELDS);
				if (field < 0 || (this.seen & (1 << field)) != 0) {
					parser.skipChildren();
					continue;
				}
				this.seen |= 1 << field;
				if (field == PAYLOAD && token == JsonToken.START_OBJECT) {
					this.payloadStart = (int) parser.currentTokenLocation().getByteOffset();
					Class<?> target = payloadType();
					if (target != null) {
						if (!bind(parser, target)) {
							this.bindingFailed = true;
							return;
						}
					}
					else {
						this.payloadReplyTo = payloadReplyTo(parser);
					}
					this.payloadEnd = endOfObject(parser);
				}
				else if (field == HEADERS && token == JsonToken.START_OBJECT) {
					HeaderValues.readEnvelopeHeaders(parser, amqpHeaders, headers);
				}
				else if (field == PAYLOAD || field == HEADERS) {
					// Not an object: a payload that is not one makes the whole body the payload.
					parser.skipChildren();
				}
				else {
					readText(parser, token, field);
				}
			}
		}

		// Types and timestamps repeat from message to message: a text equal to the latest one read is not copied.
		private void readText(JsonParser parser, JsonToken token, int field) {
			switch (field) {
				case TYPE -> this.type = reusedText(parser, token, EnvelopeReader.this.lastType);
				case ID -> this.id = scalarText(parser, token);
				case CORRELATION_ID -> this.correlationId = scalarText(parser, token);
				case REPLY_TO -> this.replyTo = scalarText(parser, token);
				default -> {
					ParsedTimestamp last = EnvelopeReader.this.lastTimestamp;
					this.timestamp = reusedText(parser, token, (last != null) ? last.text() : null);
				}
			}
		}

		// The class to bind the payload to: only when the type is known for sure, because a type key comes first, and
		// the handler takes a class rather than the tree.
		private Class<?> payloadType() {
			String type = this.type;
			if (this.types == null || !hasText(type)) {
				return null;
			}
			Class<?> target = this.types.payloadType(type);
			return (target != null && !target.isAssignableFrom(ObjectNode.class)) ? target : null;
		}

		// Binds the payload object the parser is at, leaving the parser at its end. Whatever fails, including a
		// deserializer that stops elsewhere, is left to the binding that the handler asks for.
		private boolean bind(JsonParser parser, Class<?> target) {
			TokenStreamContext outside = parser.streamReadContext().getParent();
			PayloadParser payload = new PayloadParser(parser);
			Object value;
			try {
				value = bindPayload(parser, payload, target);
			}
			catch (RuntimeException ex) {
				return false;
			}
			// Binding a root value clears the token it ends at.
			JsonToken end = (parser.currentToken() != null) ? parser.currentToken() : parser.getLastClearedToken();
			if (end != JsonToken.END_OBJECT || parser.streamReadContext() != outside) {
				return false;
			}
			this.boundType = target;
			this.bound = value;
			this.payloadReplyTo = payload.replyTo();
			return true;
		}

		// Passes over the payload object, reading only its first replyTo key in any case.
		private static String payloadReplyTo(JsonParser parser) {
			String replyTo = null;
			boolean found = false;
			String name;
			while ((name = parser.nextName()) != null) {
				JsonToken token = parser.nextToken();
				if (!found && CaseInsensitiveFields.matches(name, "replyto")) {
					found = true;
					replyTo = scalarText(parser, token);
				}
				else {
					parser.skipChildren();
				}
			}
			return replyTo;
		}

	}

	/**
	 * The type of a payload class and its root deserializer.
	 *
	 * @param type the type
	 * @param deserializer the deserializer
	 */
	private record RootBinding(JavaType type, ValueDeserializer<Object> deserializer) {
	}

	/**
	 * A timestamp text in Mmate's own form and the instant it stands for.
	 *
	 * @param text the text
	 * @param instant the instant
	 */
	private record ParsedTimestamp(String text, Instant instant) {
	}

}
