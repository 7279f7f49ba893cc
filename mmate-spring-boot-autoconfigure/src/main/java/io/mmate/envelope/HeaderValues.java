package io.mmate.envelope;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.rabbitmq.client.LongString;
import tools.jackson.databind.JsonNode;

/**
 * Normalises header values from AMQP field tables and JSON so that handlers see {@code String}, {@code Long} and
 * {@code Boolean} whatever the sender's field types were (Go writes {@code S}, {@code B} and {@code l}).
 */
final class HeaderValues {

	private HeaderValues() {
	}

	static Map<String, Object> merge(JsonNode envelopeHeaders, Map<String, Object> amqpHeaders) {
		Map<String, Object> merged = new LinkedHashMap<>();
		if (envelopeHeaders != null && envelopeHeaders.isObject()) {
			for (Map.Entry<String, JsonNode> entry : envelopeHeaders.properties()) {
				Object value = fromJson(entry.getValue());
				if (value != null) {
					merged.put(entry.getKey(), value);
				}
			}
		}
		amqpHeaders.forEach((name, value) -> {
			Object normalised = fromAmqp(value);
			if (normalised != null) {
				merged.put(name, normalised);
			}
		});
		return Collections.unmodifiableMap(merged);
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

	static Object fromJson(JsonNode node) {
		if (node.isString()) {
			return node.stringValue();
		}
		if (node.isIntegralNumber()) {
			return node.longValue();
		}
		if (node.isNumber()) {
			return node.doubleValue();
		}
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		if (node.isNull() || node.isMissingNode()) {
			return null;
		}
		return node.toString();
	}

	static String asText(Object value) {
		return (value != null) ? value.toString() : null;
	}

}
