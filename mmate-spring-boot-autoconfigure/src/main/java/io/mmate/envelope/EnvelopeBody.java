package io.mmate.envelope;

import java.util.Map;

import io.mmate.Event;
import io.mmate.Reply;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JacksonSerializable;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.util.TokenBuffer;

/**
 * The JSON body of an outgoing message, written straight to the generator in the Go layout: {@code id},
 * {@code type}, {@code timestamp}, {@code correlationId} when set, {@code headers}, then {@code payload}. Go marshals
 * headers and payload from maps, so their keys come out sorted at every level: the mapper writing this body sorts
 * properties, map entries and tree nodes, and the kind's fields (such as {@code aggregateId}) are merged into the
 * payload in their sorted places. A failed reply ({@code success: false}) carries {@code error}, {@code errorCode} and
 * {@code errorMessage} whatever its class, as Go's {@code ErrorReply} does, so that any Mmate reader finds them.
 */
final class EnvelopeBody extends JacksonSerializable.Base {

	// The envelope carries these; Go strips them from the payload too.
	private static final String[] ENVELOPE_FIELDS = { "correlationId", "id", "timestamp", "type" };

	private final OutboundEnvelope out;

	private final String timestamp;

	private final Map<String, Object> sortedHeaders;

	EnvelopeBody(OutboundEnvelope out, String timestamp, Map<String, Object> sortedHeaders) {
		this.out = out;
		this.timestamp = timestamp;
		this.sortedHeaders = sortedHeaders;
	}

	@Override
	public void serialize(JsonGenerator generator, SerializationContext context) {
		generator.writeStartObject();
		generator.writeStringProperty("id", this.out.id());
		generator.writeStringProperty("type", this.out.type());
		generator.writeStringProperty("timestamp", this.timestamp);
		String correlationId = this.out.options().correlationId();
		if (correlationId != null && !correlationId.isEmpty()) {
			generator.writeStringProperty("correlationId", correlationId);
		}
		generator.writeName("headers");
		generator.writeStartObject();
		for (Map.Entry<String, Object> header : this.sortedHeaders.entrySet()) {
			generator.writeName(header.getKey());
			context.writeValue(generator, header.getValue());
		}
		generator.writeEndObject();
		generator.writeName("payload");
		writePayload(generator, context);
		generator.writeEndObject();
	}

	@Override
	public void serializeWithType(JsonGenerator generator, SerializationContext context, TypeSerializer types) {
		serialize(generator, context);
	}

	private void writePayload(JsonGenerator generator, SerializationContext context) {
		BaseFields base = new BaseFields(this.out);
		try (TokenBuffer fields = context.bufferForValueConversion()) {
			context.writeValue(fields, this.out.message());
			try (JsonParser parser = fields.asParser()) {
				if (parser.nextToken() != JsonToken.START_OBJECT) {
					throw new IllegalArgumentException("A message must serialize to a JSON object, but "
							+ this.out.message().getClass().getName() + " does not");
				}
				generator.writeStartObject();
				while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
					String name = parser.currentName();
					parser.nextToken();
					base.writeBefore(name, generator);
					if (isEnvelopeField(name) || base.has(name)) {
						parser.skipChildren();
						continue;
					}
					generator.writeName(name);
					generator.copyCurrentStructure(parser);
				}
				base.writeRest(generator);
				generator.writeEndObject();
			}
		}
	}

	private static boolean isEnvelopeField(String name) {
		for (String field : ENVELOPE_FIELDS) {
			if (field.equals(name)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The payload fields each kind of message carries, in sorted order, written among the message's own.
	 */
	private static final class BaseFields {

		private final String[] names;

		private final Object[] values;

		// Base fields that replace the message's field of the same name even without a value: a reply's errorCode,
		// errorMessage and success are what its Reply methods say, so that a reply class with such fields does not
		// write them again, as null.
		private final boolean[] always;

		private int next;

		BaseFields(OutboundEnvelope out) {
			String replyTo = out.options().replyTo();
			switch (out.kind()) {
				case COMMAND -> {
					this.names = new String[] { "replyTo", "targetService" };
					this.values = new Object[] { textOrNull(replyTo),
							(out.targetService() != null) ? out.targetService() : "" };
					this.always = new boolean[this.names.length];
				}
				case EVENT -> {
					Event event = (Event) out.message();
					this.names = new String[] { "aggregateId", "sequence", "source" };
					this.values = new Object[] { (event.aggregateId() != null) ? event.aggregateId() : "",
							event.sequence(), textOrNull(event.source()) };
					this.always = new boolean[this.names.length];
				}
				case QUERY -> {
					this.names = new String[] { "replyTo" };
					this.values = new Object[] { (replyTo != null) ? replyTo : "" };
					this.always = new boolean[this.names.length];
				}
				case REPLY -> {
					Reply reply = (Reply) out.message();
					this.names = new String[] { "error", "errorCode", "errorMessage", "success" };
					this.values = reply.success() ? new Object[] { null, textOrNull(reply.errorCode()),
							textOrNull(reply.errorMessage()), true } : failed(reply);
					// A successful reply's own 'error' field, if it has one, is written.
					this.always = new boolean[] { false, true, true, true };
				}
				default -> throw new IllegalArgumentException("Unknown message kind " + out.kind());
			}
		}

		// A base field with a value replaces the message's field of the same name.
		boolean has(String name) {
			for (int i = 0; i < this.names.length; i++) {
				if (this.names[i].equals(name)) {
					return this.always[i] || this.values[i] != null;
				}
			}
			return false;
		}

		void writeBefore(String name, JsonGenerator generator) {
			while (this.next < this.names.length && this.names[this.next].compareTo(name) < 0) {
				write(this.next++, generator);
			}
		}

		void writeRest(JsonGenerator generator) {
			while (this.next < this.names.length) {
				write(this.next++, generator);
			}
		}

		private void write(int index, JsonGenerator generator) {
			Object value = this.values[index];
			if (value instanceof String text) {
				generator.writeStringProperty(this.names[index], text);
			}
			else if (value instanceof Long number) {
				generator.writeNumberProperty(this.names[index], number);
			}
			else if (value instanceof Boolean flag) {
				generator.writeBooleanProperty(this.names[index], flag);
			}
		}

		// Go's ErrorReply writes all three, and 'error' as a copy of the message (its older name).
		private static Object[] failed(Reply reply) {
			String message = (reply.errorMessage() != null) ? reply.errorMessage() : "";
			return new Object[] { message, (reply.errorCode() != null) ? reply.errorCode() : "", message, false };
		}

		private static String textOrNull(String text) {
			return (text != null && !text.isEmpty()) ? text : null;
		}

	}

}
