package io.mmate.envelope;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.rabbitmq.client.LongString;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Normalises header values from AMQP field tables and JSON so that handlers see {@code String}, {@code Long} and
 * {@code Boolean} whatever the sender's field types were (Go writes {@code S}, {@code B} and {@code l}). The AMQP
 * value of a header wins over the envelope's; the envelope's headers come first in the merged map.
 */
final class HeaderValues {

	// Stands for an envelope header whose value the AMQP header of the same name replaces: that value is not read.
	private static final Object REPLACED_BY_AMQP = new Object();

	private HeaderValues() {
	}

	/**
	 * Start the merged headers of a delivery.
	 * @param amqpHeaders the AMQP headers, to size the map
	 * @return an empty map for {@link #readEnvelopeHeaders} and {@link #merge}
	 */
	static MergedHeaders newMerged(Map<String, Object> amqpHeaders) {
		// Mmate senders write every header to both places: room for the AMQP headers. A body whose headers are only in
		// the envelope starts with room for a few.
		return new MergedHeaders(Math.max(amqpHeaders.size(), 8));
	}

	/**
	 * Read the envelope's {@code headers} object into the merged headers.
	 * @param parser the parser, on the object's start
	 * @param amqpHeaders the AMQP headers, whose values replace the envelope's
	 * @param merged the merged headers
	 */
	static void readEnvelopeHeaders(JsonParser parser, Map<String, Object> amqpHeaders, MergedHeaders merged) {
		String name;
		while ((name = parser.nextName()) != null) {
			JsonToken token = parser.nextToken();
			if (token == JsonToken.VALUE_NULL) {
				// A null value is no header, also when an earlier key of the same name had one.
				merged.unset(name);
			}
			else if (amqpHeaders.get(name) != null) {
				// Keep the envelope's order but do not decode a value that merge replaces.
				merged.set(name, REPLACED_BY_AMQP);
				parser.skipChildren();
			}
			else {
				merged.set(name, fromJson(parser, token));
			}
		}
	}

	/**
	 * Add the AMQP headers to the envelope's.
	 * @param merged the envelope's headers from {@link #readEnvelopeHeaders}, if any
	 * @param amqpHeaders the AMQP headers
	 * @return the merged headers, unmodifiable
	 */
	static Map<String, Object> merge(MergedHeaders merged, Map<String, Object> amqpHeaders) {
		amqpHeaders.forEach((name, value) -> {
			Object normalised = fromAmqp(value);
			if (normalised != null) {
				merged.set(name, normalised);
			}
		});
		return merged;
	}

	static Object fromAmqp(Object value) {
		if (value instanceof LongString longString) {
			return longString.toString();
		}
		if (value instanceof byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		if (value instanceof Byte || value instanceof Short || value instanceof Integer) {
			return ((Number) value).longValue();
		}
		return value;
	}

	/**
	 * Normalise the JSON value the parser is on; objects and arrays become their JSON text.
	 * @param parser the parser
	 * @param token its current token, not {@code null} JSON
	 * @return the value
	 */
	static Object fromJson(JsonParser parser, JsonToken token) {
		return switch (token) {
			case VALUE_STRING -> parser.getString();
			case VALUE_NUMBER_INT -> parser.getLongValue();
			case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
			case VALUE_TRUE -> Boolean.TRUE;
			case VALUE_FALSE -> Boolean.FALSE;
			default -> parser.readValueAsTree().toString();
		};
	}

	static String asText(Object value) {
		return (value != null) ? value.toString() : null;
	}

}
