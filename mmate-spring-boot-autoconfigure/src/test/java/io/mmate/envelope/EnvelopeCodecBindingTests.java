package io.mmate.envelope;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link EnvelopeCodec#decode(Message, PayloadTypes)}, which binds the payload while the body is read:
 * whatever it binds, finds or reports is what decoding first and binding afterwards gives.
 */
class EnvelopeCodecBindingTests {

	private final EnvelopeCodec codec = new EnvelopeCodec(JsonMapper.builder().build());

	private final PayloadTypes types = (type) -> switch (type) {
		case "Order" -> Order.class;
		case "Tree" -> JsonNode.class;
		default -> null;
	};

	@Test
	void bindsThePayloadAsBindingAfterDecodingDoes() {
		String body = """
				{"id": "m-1", "type": "Order", "payload": {"AggregateId": "A-1", "Sequence": 4, "orderId": "O-1",
				 "LINES": [{"Sku": "S-1", "quantity": 2}], "Total": 49.90, "unknown": {"deep": [1, {"x": 2}]},
				 "Note": null}, "correlationId": "c-1"}""";
		InboundEnvelope bound = decode(body, this.types);
		InboundEnvelope unbound = decode(body, null);
		Order expected = new Order("O-1", List.of(new Line("S-1", 2)), new BigDecimal("49.90"), null);
		assertThat(bound.payloadJson().takeBound(Order.class)).isEqualTo(expected);
		assertThat(this.codec.readPayload(unbound, Order.class)).isEqualTo(expected);
		assertThat(this.codec.readPayload(bound, Order.class)).isEqualTo(expected);
		assertThat(bound).usingRecursiveComparison().ignoringFields("payloadJson").isEqualTo(unbound);
		assertThat(bound.payloadJson()).hasToString(unbound.payloadJson().toString());
		assertThat(bound.payload()).isEqualTo(unbound.payload());
	}

	@Test
	void findsTheReplyAddressInABoundPayload() {
		String body = """
				{"type": "Order", "payload": {"orderId": "O-1", "nested": {"replyTo": "not-this"},
				 "ReplyTo": "bridge.reply.ab12cd34", "replyTo": "nor-this"}}""";
		assertThat(decode(body, this.types).replyTo()).isEqualTo("bridge.reply.ab12cd34")
			.isEqualTo(decode(body, null).replyTo());
	}

	@Test
	void eachBindingGetsAnInstanceOfItsOwn() {
		InboundEnvelope envelope = decode("{\"type\": \"Order\", \"payload\": {\"orderId\": \"O-1\"}}", this.types);
		Order first = this.codec.readPayload(envelope, Order.class);
		Order second = this.codec.readPayload(envelope, Order.class);
		assertThat(second).isEqualTo(first).isNotSameAs(first);
	}

	@Test
	void payloadThatDoesNotBindFailsWhenBoundWithTheSameError() {
		String body = """
				{"type": "Order", "payload": {"orderId": "O-1", "lines": [{"quantity": "many"}]},
				 "headers": {"x-message-kind": "event"}}""";
		InboundEnvelope bound = decode(body, this.types);
		InboundEnvelope unbound = decode(body, null);
		assertThat(bound.kind()).isEqualTo(unbound.kind()).isNotNull();
		assertThat(bound.payloadJson().takeBound(Order.class)).isNull();
		String expected = assertThatExceptionOfType(UndecodableMessageException.class)
			.isThrownBy(() -> this.codec.readPayload(unbound, Order.class))
			.actual()
			.getMessage();
		assertThatExceptionOfType(UndecodableMessageException.class)
			.isThrownBy(() -> this.codec.readPayload(bound, Order.class))
			.withMessage(expected)
			.withMessageContaining("'Order'")
			.withMessageContaining(Order.class.getName());
	}

	@Test
	void payloadBeforeItsTypeIsBoundWhenAskedFor() {
		InboundEnvelope envelope = decode("{\"payload\": {\"orderId\": \"O-1\"}, \"type\": \"Order\"}", this.types);
		assertThat(this.codec.readPayload(envelope, Order.class)).isEqualTo(new Order("O-1", null, null, null));
	}

	@Test
	void treeTypesAndUnknownTypesKeepThePayloadAsJson() {
		InboundEnvelope tree = decode("{\"type\": \"Tree\", \"payload\": {\"a\": 1}}", this.types);
		assertThat(this.codec.readPayload(tree, JsonNode.class)).isSameAs(tree.payload());
		InboundEnvelope other = decode("{\"type\": \"Other\", \"payload\": {\"orderId\": \"O-1\"}}", this.types);
		assertThat(this.codec.readPayload(other, Order.class)).isEqualTo(new Order("O-1", null, null, null));
	}

	@Test
	void bodyAfterTheBoundPayloadIsStillRead() {
		InboundEnvelope envelope = decode("""
				{"type": "Order", "payload": {"orderId": "O-1"}, "id": "m-2", "headers": {"x-source": "mmate-go"},
				 "timestamp": "2025-07-08T10:31:00Z"}""", this.types);
		assertThat(envelope.id()).isEqualTo("m-2");
		assertThat(envelope.headers()).containsEntry("x-source", "mmate-go");
		assertThat(envelope.timestamp()).hasToString("2025-07-08T10:31:00Z");
		assertThatExceptionOfType(UndecodableMessageException.class)
			.isThrownBy(() -> decode("{\"type\": \"Order\", \"payload\": {\"orderId\": \"O-1\"}} {}", this.types))
			.withMessageContaining("content after the object");
	}

	@Test
	void recordsAreCreatedAsJacksonCreatesThem() {
		JsonMapper jackson = JsonMapper.builder()
			.enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.build();
		String payload = "{\"sku\": \"S-1\", \"quantity\": null}";
		Line expected = jackson.readValue(payload, Line.class);
		InboundEnvelope envelope = decode("{\"type\": \"Line\", \"payload\": " + payload + "}",
				(type) -> Line.class);
		assertThat(envelope.payloadJson().takeBound(Line.class)).isEqualTo(expected);
		assertThat(this.codec.readPayload(envelope, Line.class)).isEqualTo(expected);
		InboundEnvelope hidden = decode("{\"type\": \"Hidden\", \"payload\": {\"Value\": \"v\"}}",
				(type) -> Hidden.class);
		assertThat(this.codec.readPayload(hidden, Hidden.class)).isEqualTo(new Hidden("v"));
	}

	@Test
	void recordWhoseConstructorThrowsFailsWithJacksonsError() {
		String payload = "{\"orderId\": \" \"}";
		String jackson = assertThatExceptionOfType(JacksonException.class)
			.isThrownBy(() -> JsonMapper.builder().build().readValue(payload, Checked.class))
			.actual()
			.getOriginalMessage();
		InboundEnvelope envelope = decode("{\"type\": \"Checked\", \"payload\": " + payload + "}",
				(type) -> Checked.class);
		assertThat(envelope.payloadJson().takeBound(Checked.class)).isNull();
		assertThatExceptionOfType(UndecodableMessageException.class)
			.isThrownBy(() -> this.codec.readPayload(envelope, Checked.class))
			.withMessage("Payload of message type 'Checked' does not bind to " + Checked.class.getName() + ": "
					+ jackson)
			.withMessageContaining("orderId must not be blank");
	}

	private InboundEnvelope decode(String body, PayloadTypes types) {
		Message message = new Message(body.getBytes(StandardCharsets.UTF_8), new MessageProperties());
		return (types != null) ? this.codec.decode(message, types) : this.codec.decode(message);
	}

	record Order(String orderId, List<Line> lines, BigDecimal total, String note) {
	}

	record Line(String sku, int quantity) {
	}

	// Its constructor is private: Jackson makes it accessible.
	private record Hidden(String value) {
	}

	record Checked(String orderId) {

		Checked {
			if (orderId.isBlank()) {
				throw new IllegalArgumentException("orderId must not be blank");
			}
		}

	}

}
