package io.mmate.envelope;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.impl.LongStringHelper;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for how {@link EnvelopeCodec} reads the body in one pass and keeps the payload as bytes until it is bound.
 */
class EnvelopeCodecPayloadTests {

	private final EnvelopeCodec codec = new EnvelopeCodec(JsonMapper.builder().build());

	@Test
	void decodeKeepsThePayloadAsTheBytesOfTheBody() {
		InboundEnvelope envelope = decode("""
				{"type": "Priced", "payload": { "sku" : "SKU-1", "price": 49.90 }, "id": "m-1"}""");
		assertThat(envelope.payloadJson().hasBytes()).isTrue();
		assertThat(envelope.payloadJson()).hasToString("{ \"sku\" : \"SKU-1\", \"price\": 49.90 }");
		assertThat(envelope.id()).isEqualTo("m-1");
		assertThat(this.codec.readPayload(envelope, Priced.class))
			.isEqualTo(new Priced("SKU-1", new BigDecimal("49.90")));
	}

	@Test
	void payloadTreeIsReadOnceWhenAskedFor() {
		InboundEnvelope envelope = decode("{\"type\": \"Priced\", \"payload\": {\"sku\": \"SKU-1\"}}");
		ObjectNode tree = envelope.payload();
		assertThat(tree.get("sku").stringValue()).isEqualTo("SKU-1");
		assertThat(envelope.payload()).isSameAs(tree);
	}

	@Test
	void readPayloadHandsTreeTypesTheTree() {
		InboundEnvelope envelope = decode("{\"type\": \"Priced\", \"payload\": {\"sku\": \"SKU-1\"}}");
		assertThat(this.codec.readPayload(envelope, ObjectNode.class)).isSameAs(envelope.payload());
		assertThat(this.codec.readPayload(envelope, JsonNode.class)).isSameAs(envelope.payload());
		assertThat(this.codec.readPayload(envelope, Object.class)).isSameAs(envelope.payload());
	}

	@Test
	void readPayloadBindsFromBytesAsFromTheTree() {
		String payload = """
				{"SKU": "SKU-1", "Price": 0.1000000000000000055511151231257827, "quantity": null,
				 "unknown": {"nested": [1, 2.5, "x"]}, "tags": ["a", "b"]}""";
		InboundEnvelope fromBytes = decode("{\"type\": \"Line\", \"payload\": " + payload + "}");
		// The tree as the codec reads it, with decimals exact.
		InboundEnvelope fromTree = new InboundEnvelope("m-1", "Line", null, null, null, null, Map.of(),
				decode("{\"type\": \"Line\", \"payload\": " + payload + "}").payload());
		Line expected = new Line("SKU-1", new BigDecimal("0.1000000000000000055511151231257827"), 0,
				List.of("a", "b"));
		assertThat(this.codec.readPayload(fromBytes, Line.class)).isEqualTo(expected);
		assertThat(this.codec.readPayload(fromTree, Line.class)).isEqualTo(expected);
		assertThat(this.codec.readPayload(fromBytes, Map.class)).isEqualTo(this.codec.readPayload(fromTree, Map.class));
	}

	@Test
	void readPayloadKeepsDecimalsExact() {
		InboundEnvelope envelope = decode("""
				{"type": "Priced", "payload": {"sku": "SKU-1", "price": 12345678901234567890.123456789,
				 "other": 49.90}}""");
		assertThat(this.codec.readPayload(envelope, Priced.class).price())
			.isEqualTo(new BigDecimal("12345678901234567890.123456789"));
		assertThat(this.codec.readPayload(envelope, Map.class)).containsEntry("other", new BigDecimal("49.90"));
		assertThat(envelope.payload().get("other").decimalValue()).isEqualTo(new BigDecimal("49.90"));
	}

	@Test
	void decodeTakesReplyToFromThePayloadInAnyCase() {
		InboundEnvelope envelope = decode("""
				{"type": "GetOrderQuery", "replyTo": "bridge.reply.envelope",
				 "payload": {"nested": {"replyTo": "bridge.reply.nested"}, "REPLYTO": "bridge.reply.payload",
				 "replyTo": "bridge.reply.second"}}""");
		assertThat(envelope.replyTo()).isEqualTo("bridge.reply.payload");
	}

	@Test
	void decodeTakesReplyToFromTheEnvelopeWhenThePayloadsIsNotText() {
		InboundEnvelope envelope = decode("""
				{"type": "GetOrderQuery", "ReplyTo": "bridge.reply.envelope",
				 "payload": {"replyTo": {"queue": "q"}, "orderId": "o"}}""");
		assertThat(envelope.replyTo()).isEqualTo("bridge.reply.envelope");
	}

	@Test
	void decodeTakesTheFirstKeyOfAnyCase() {
		InboundEnvelope envelope = decode("""
				{"TYPE": "First", "type": "Second", "Payload": {"sku": "first"}, "payload": {"sku": "second"},
				 "id": null, "Id": "ignored"}""");
		assertThat(envelope.type()).isEqualTo("First");
		assertThat(envelope.id()).isNull();
		assertThat(this.codec.readPayload(envelope, Priced.class).sku()).isEqualTo("first");
	}

	@Test
	void decodeReadsFlatBodyAsPayload() {
		String body = "{\"type\": \"Priced\", \"sku\": \"SKU-1\", \"price\": 1.50, \"replyTo\": \"q\"}";
		InboundEnvelope envelope = decode(body);
		assertThat(envelope.payloadJson()).hasToString(body);
		assertThat(envelope.replyTo()).isEqualTo("q");
		assertThat(this.codec.readPayload(envelope, Priced.class)).isEqualTo(new Priced("SKU-1", new BigDecimal("1.50")));
	}

	@Test
	void decodeReadsBodyAsPayloadWhenPayloadIsNotAnObject() {
		for (String payload : List.of("[1, 2]", "\"text\"", "null", "3")) {
			InboundEnvelope envelope = decode("{\"type\": \"Priced\", \"sku\": \"SKU-1\", \"payload\": " + payload
					+ ", \"Payload\": {\"sku\": \"later\"}}");
			assertThat(this.codec.readPayload(envelope, Priced.class).sku()).isEqualTo("SKU-1");
		}
	}

	@Test
	void decodeInvalidJsonFails() {
		for (String body : List.of("{\"type\": \"Priced\", \"payload\": {\"sku\": \"SKU-1\"}",
				"{\"type\": \"Priced\", \"payload\": {\"sku\": tru}}", "{\"type\": \"Priced\"} {}", "{\"type\" 1}")) {
			assertThatExceptionOfType(UndecodableMessageException.class).as(body)
				.isThrownBy(() -> decode(body))
				.withMessageContaining("not valid JSON");
		}
	}

	@Test
	void decodeBodyThatIsNotAnObjectFails() {
		for (String body : List.of("", "\"text\"", "42", "null")) {
			assertThatExceptionOfType(UndecodableMessageException.class).as(body)
				.isThrownBy(() -> decode(body))
				.withMessageContaining("not a JSON object");
		}
	}

	@Test
	void decodeInvalidUtf8InSkippedPayloadFails() {
		byte[] body = "{\"type\": \"Priced\", \"payload\": {\"sku\": \"S?\"}}".getBytes(StandardCharsets.UTF_8);
		body[body.length - 4] = (byte) 0xC3;
		assertThatExceptionOfType(UndecodableMessageException.class)
			.isThrownBy(() -> this.codec.decode(new Message(body, new MessageProperties())))
			.withMessageContaining("not valid JSON")
			.withCauseInstanceOf(JacksonException.class);
	}

	@Test
	void readPayloadThatDoesNotBindFromBytesFails() {
		InboundEnvelope envelope = decode("{\"type\": \"Priced\", \"payload\": {\"sku\": {\"a\": 1}}}");
		assertThatExceptionOfType(UndecodableMessageException.class)
			.isThrownBy(() -> this.codec.readPayload(envelope, Priced.class))
			.withMessageContaining("'Priced'")
			.withMessageContaining(Priced.class.getName())
			.withCauseInstanceOf(JacksonException.class);
	}

	@Test
	void decodeReadsBodyInUtf16() {
		byte[] body = "{\"type\": \"Priced\", \"payload\": {\"sku\": \"SKU-\u00e9\", \"price\": 1.50}}"
			.getBytes(StandardCharsets.UTF_16BE);
		InboundEnvelope envelope = this.codec.decode(new Message(body, new MessageProperties()));
		assertThat(envelope.type()).isEqualTo("Priced");
		assertThat(this.codec.readPayload(envelope, Priced.class))
			.isEqualTo(new Priced("SKU-\u00e9", new BigDecimal("1.50")));
	}

	@Test
	void decodeMergesEnvelopeHeadersOfEveryJsonType() {
		MessageProperties properties = new MessageProperties();
		properties.setHeader("source", LongStringHelper.asLongString("amqp"));
		InboundEnvelope envelope = this.codec.decode(new Message("""
				{"type": "Priced", "headers": {"source": "envelope", "text": "t", "count": 3, "ratio": 0.5,
				 "flag": true, "gone": null, "object": {"a": [1]}, "twice": "first", "twice": null},
				 "payload": {}}""".getBytes(StandardCharsets.UTF_8), properties));
		assertThat(envelope.headers()).containsExactly(Map.entry("source", "amqp"), Map.entry("text", "t"),
				Map.entry("count", 3L), Map.entry("ratio", 0.5), Map.entry("flag", true),
				Map.entry("object", "{\"a\":[1]}"));
	}

	@Test
	void decodeKeepsEnvelopeHeaderOrderThroughRepeatsAndRemovals() {
		MessageProperties properties = new MessageProperties();
		properties.setHeader("amqp", "a");
		InboundEnvelope envelope = this.codec.decode(new Message("""
				{"type": "Priced", "headers": {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6, "h1": 10,
				 "h2": null, "h7": 7, "h2": 20}, "payload": {}}""".getBytes(StandardCharsets.UTF_8), properties));
		Map<String, Object> headers = envelope.headers();
		assertThat(headers).containsExactly(Map.entry("h1", 10L), Map.entry("h3", 3L), Map.entry("h4", 4L),
				Map.entry("h5", 5L), Map.entry("h6", 6L), Map.entry("h7", 7L), Map.entry("h2", 20L),
				Map.entry("amqp", "a"));
		assertThat(headers).doesNotContainKey("h8").containsKey("h5").hasSize(8);
		assertThat(headers.get(null)).isNull();
		assertThat(headers).isEqualTo(new LinkedHashMap<>(headers));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> headers.put("x", "y"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> headers.remove("h1"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(headers::clear);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> headers.entrySet().iterator().next().setValue("z"));
	}

	@Test
	void decodeKeepsOrderOfVeryManyEnvelopeHeaders() {
		StringBuilder json = new StringBuilder("{\"type\": \"Priced\", \"headers\": {");
		Map<String, Object> expected = new LinkedHashMap<>();
		for (int i = 0; i < 200; i++) {
			json.append("\"h").append(i).append("\": ").append(i).append(", ");
			expected.put("h" + i, (long) i);
		}
		json.append("\"h3\": null, \"h5\": 55, \"h3\": 33}, \"payload\": {}}");
		expected.remove("h3");
		expected.put("h5", 55L);
		expected.put("h3", 33L);
		expected.put("amqp", "a");
		MessageProperties properties = new MessageProperties();
		properties.setHeader("amqp", "a");
		InboundEnvelope envelope = this.codec.decode(new Message(json.toString().getBytes(StandardCharsets.UTF_8),
				properties));
		assertThat(envelope.headers()).containsExactlyEntriesOf(expected);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> envelope.headers().entrySet().iterator().next().setValue("z"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> envelope.headers().remove("h1"));
	}

	private InboundEnvelope decode(String body) {
		return this.codec.decode(new Message(body.getBytes(StandardCharsets.UTF_8), new MessageProperties()));
	}

	record Priced(String sku, BigDecimal price) {

	}

	record Line(String sku, BigDecimal price, int quantity, List<String> tags) {

	}

}
