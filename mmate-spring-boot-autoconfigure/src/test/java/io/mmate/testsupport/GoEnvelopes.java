package io.mmate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.impl.LongStringHelper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.core.io.ClassPathResource;

/**
 * Envelopes as the Go implementation writes them, from the fixtures in {@code golden/go}: their bytes, the AMQP
 * delivery Go's client makes of them, and the headers Java writes for the same message.
 */
public final class GoEnvelopes {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private GoEnvelopes() {
	}

	/**
	 * The bytes of a fixture.
	 * @param name the file name in {@code golden/go}
	 * @return the bytes
	 */
	public static byte[] fixture(String name) {
		try {
			return new ClassPathResource("golden/go/" + name).getContentAsByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A delivery of a fixture as Go's AMQP client sends it: the envelope headers in the AMQP header table too.
	 * @param name the file name in {@code golden/go}
	 * @return the delivery
	 */
	public static Message delivery(String name) {
		return delivery(fixture(name));
	}

	/**
	 * A delivery of an envelope as Go's AMQP client sends it.
	 * @param body the envelope
	 * @return the delivery
	 */
	public static Message delivery(byte[] body) {
		MessageProperties properties = new MessageProperties();
		properties.setContentType("application/json");
		properties.setReceivedDeliveryMode(MessageDeliveryMode.PERSISTENT);
		JsonNode headers = JSON.readTree(body).get("headers");
		if (headers != null) {
			for (Map.Entry<String, JsonNode> header : headers.properties()) {
				properties.setHeader(header.getKey(), amqpValue(header.getValue()));
			}
		}
		return new Message(body, properties);
	}

	/**
	 * The headers Java writes for the message of a Go envelope: Go's publisher settings (priority, delivery mode,
	 * expiration) stay in AMQP properties, and the source is {@code mmate-java}.
	 * @param goEnvelope the Go envelope
	 * @return the headers
	 */
	public static ObjectNode headersAsJavaWritesThem(JsonNode goEnvelope) {
		ObjectNode headers = (ObjectNode) goEnvelope.get("headers").deepCopy();
		headers.remove(List.of("priority", "delivery-mode", "expiration"));
		headers.put("x-source", "mmate-java");
		headers.put("source", "mmate-java");
		return headers;
	}

	private static Object amqpValue(JsonNode value) {
		// Go's AMQP client writes strings as long strings and the uint8 priority and delivery mode as bytes.
		if (value.isIntegralNumber()) {
			return (byte) value.intValue();
		}
		return LongStringHelper.asLongString(value.stringValue());
	}

}
