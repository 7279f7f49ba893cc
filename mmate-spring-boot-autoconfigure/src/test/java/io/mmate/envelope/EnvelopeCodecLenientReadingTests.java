package io.mmate.envelope;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.rabbitmq.client.impl.LongStringHelper;
import io.mmate.MessageKind;
import io.mmate.envelope.golden.GetOrderQuery;
import io.mmate.envelope.golden.PlaceOrderCommand;
import io.mmate.envelope.golden.PlaceOrderCommand.Item;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the lenient reading of {@link EnvelopeCodec}: whatever Go, .NET or a hand-written sender puts on the wire.
 */
class EnvelopeCodecLenientReadingTests {

	private static final String ORDER_ID = "ORD-20250708-0042";

	private final EnvelopeCodec codec = new EnvelopeCodec(JsonMapper.builder().build());

	@Test
	void decodeReadsPascalCaseKeys() {
		InboundEnvelope envelope = this.codec.decode(delivery("""
				{"Id": "m-1", "Type": "PlaceOrderCommand", "Timestamp": "2025-07-08T10:31:00Z",
				 "CorrelationId": "c-1", "Headers": {"x-message-kind": "command"},
				 "Payload": {"OrderId": "ORD-20250708-0042", "CustomerId": "CUST-7781", "Amount": 12.5,
				   "Items": [{"Sku": "SKU-1001", "Quantity": 1, "Price": 12.5}],
				   "TargetService": "order-service", "ReplyTo": "bridge.reply.a1b2c3d4"}}
				"""));
		assertThat(envelope.id()).isEqualTo("m-1");
		assertThat(envelope.type()).isEqualTo("PlaceOrderCommand");
		assertThat(envelope.kind()).isEqualTo(MessageKind.COMMAND);
		assertThat(envelope.timestamp()).isEqualTo(Instant.parse("2025-07-08T10:31:00Z"));
		assertThat(envelope.correlationId()).isEqualTo("c-1");
		assertThat(envelope.replyTo()).isEqualTo("bridge.reply.a1b2c3d4");
		assertThat(this.codec.readPayload(envelope, PlaceOrderCommand.class)).isEqualTo(new PlaceOrderCommand(ORDER_ID,
				"CUST-7781", new BigDecimal("12.5"), List.of(new Item("SKU-1001", 1, new BigDecimal("12.5")))));
	}

	@Test
	void decodeIgnoresUnknownFieldsEvenWhenTheApplicationMapperIsStrict() {
		JsonMapper strict = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		EnvelopeCodec codec = new EnvelopeCodec(strict);
		InboundEnvelope envelope = codec.decode(delivery("""
				{"id": "m-1", "type": "PlaceOrderCommand", "traceparent": "00-abc-def-01", "priority": 5,
				 "payload": {"orderId": "ORD-20250708-0042", "customerId": "CUST-7781", "amount": 10,
				   "discount": {"code": "SUMMER"}, "items": [{"sku": "SKU-1001", "quantity": 1, "price": 10,
				   "colour": "red"}], "targetService": "order-service"}}
				"""));
		assertThat(envelope.type()).isEqualTo("PlaceOrderCommand");
		assertThat(codec.readPayload(envelope, PlaceOrderCommand.class)).isEqualTo(new PlaceOrderCommand(ORDER_ID,
				"CUST-7781", new BigDecimal("10"), List.of(new Item("SKU-1001", 1, new BigDecimal("10")))));
	}

	@Test
	void decodeReadsTimestampWithFractionalSeconds() {
		assertThat(decodeTimestamp("2025-07-08T10:31:00.123456Z"))
			.isEqualTo(Instant.parse("2025-07-08T10:31:00.123456Z"));
		assertThat(decodeTimestamp("2025-07-08T10:31:00.1234567Z"))
			.isEqualTo(Instant.parse("2025-07-08T10:31:00.1234567Z"));
	}

	@Test
	void decodeReadsTimestampWithOffset() {
		assertThat(decodeTimestamp("2025-07-08T12:31:00+02:00")).isEqualTo(Instant.parse("2025-07-08T10:31:00Z"));
		assertThat(decodeTimestamp("2025-07-08T12:31:00.5+02:00"))
			.isEqualTo(Instant.parse("2025-07-08T10:31:00.5Z"));
	}

	@Test
	void decodeReadsTimestampWithoutOffsetAsUtc() {
		assertThat(decodeTimestamp("2025-07-08T10:31:00.1234567")).isEqualTo(Instant.parse("2025-07-08T10:31:00.1234567Z"));
	}

	@Test
	void decodeTakesTypeFromBodyFirst() {
		MessageProperties properties = new MessageProperties();
		properties.setType("FromProperty");
		properties.setHeader(WireHeaders.MESSAGE_TYPE, LongStringHelper.asLongString("FromHeader"));
		InboundEnvelope envelope = this.codec
			.decode(delivery("{\"type\": \"FromBody\", \"payload\": {\"orderId\": \"o\"}}", properties));
		assertThat(envelope.type()).isEqualTo("FromBody");
	}

	@Test
	void decodeTakesTypeFromAmqpPropertyWhenBodyHasNone() {
		MessageProperties properties = new MessageProperties();
		properties.setType("FromProperty");
		properties.setHeader(WireHeaders.MESSAGE_TYPE, LongStringHelper.asLongString("FromHeader"));
		InboundEnvelope envelope = this.codec.decode(delivery("{\"payload\": {\"orderId\": \"o\"}}", properties));
		assertThat(envelope.type()).isEqualTo("FromProperty");
	}

	@Test
	void decodeTakesTypeFromHeaderWhenBodyAndPropertyHaveNone() {
		MessageProperties properties = new MessageProperties();
		properties.setHeader(WireHeaders.MESSAGE_TYPE, LongStringHelper.asLongString("FromHeader"));
		InboundEnvelope envelope = this.codec.decode(delivery("{\"payload\": {\"orderId\": \"o\"}}", properties));
		assertThat(envelope.type()).isEqualTo("FromHeader");
	}

	@Test
	void decodeTakesTypeFromEnvelopeHeaderWhenBodyAndPropertyHaveNone() {
		InboundEnvelope envelope = this.codec
			.decode(delivery("{\"headers\": {\"x-message-type\": \"FromHeader\"}, \"payload\": {\"orderId\": \"o\"}}"));
		assertThat(envelope.type()).isEqualTo("FromHeader");
	}

	@Test
	void decodeWithoutTypeAnywhereFails() {
		assertThatExceptionOfType(UndecodableMessageException.class)
			.isThrownBy(() -> this.codec.decode(delivery("{\"id\": \"m-1\", \"payload\": {\"orderId\": \"o\"}}")))
			.withMessageContaining("'type'")
			.withMessageContaining("'x-message-type'");
	}

	@Test
	void decodeNonJsonBodyFails() {
		assertThatExceptionOfType(UndecodableMessageException.class)
			.isThrownBy(() -> this.codec.decode(delivery("<order id=\"o\"/>")))
			.withMessageContaining("JSON")
			.withCauseInstanceOf(JacksonException.class);
	}

	@Test
	void decodeJsonThatIsNotAnObjectFails() {
		assertThatExceptionOfType(UndecodableMessageException.class)
			.isThrownBy(() -> this.codec.decode(delivery("[{\"type\": \"GetOrderQuery\"}]")))
			.withMessageContaining("not a JSON object");
	}

	@Test
	void readPayloadThatDoesNotBindFails() {
		InboundEnvelope envelope = this.codec.decode(delivery("""
				{"id": "m-1", "type": "PlaceOrderCommand",
				 "payload": {"orderId": "ORD-20250708-0042", "amount": "a lot"}}
				"""));
		assertThatExceptionOfType(UndecodableMessageException.class)
			.isThrownBy(() -> this.codec.readPayload(envelope, PlaceOrderCommand.class))
			.withMessageContaining("'PlaceOrderCommand'")
			.withMessageContaining(PlaceOrderCommand.class.getName())
			.withCauseInstanceOf(JacksonException.class);
	}

	@Test
	void decodeNormalisesAmqpHeaderFieldTypes() {
		MessageProperties properties = new MessageProperties();
		properties.setHeader("long-string", LongStringHelper.asLongString("mmate-go"));
		properties.setHeader("signed-byte", (byte) 2);
		properties.setHeader("unsigned-byte", 200);
		properties.setHeader("long", 1_751_970_660_000L);
		InboundEnvelope envelope = this.codec.decode(delivery("{\"type\": \"GetOrderQuery\", \"payload\": {}}",
				properties));
		assertThat(envelope.headers()).containsEntry("long-string", "mmate-go")
			.containsEntry("signed-byte", 2L)
			.containsEntry("unsigned-byte", 200L)
			.containsEntry("long", 1_751_970_660_000L);
	}

	@Test
	void decodeReadsKindFromLongStringHeader() {
		MessageProperties properties = new MessageProperties();
		properties.setHeader(WireHeaders.MESSAGE_KIND, LongStringHelper.asLongString("query"));
		InboundEnvelope envelope = this.codec.decode(delivery("{\"type\": \"GetOrderQuery\", \"payload\": {}}",
				properties));
		assertThat(envelope.kind()).isEqualTo(MessageKind.QUERY);
	}

	@Test
	void decodeReadsFlatBodyWithoutEnvelope() {
		InboundEnvelope envelope = this.codec.decode(delivery("""
				{"id": "m-1", "type": "GetOrderQuery", "timestamp": "2025-07-08T10:32:15Z", "correlationId": "c-1",
				 "orderId": "ORD-20250708-0042", "replyTo": "bridge.reply.9f8e7d6c"}
				"""));
		assertThat(envelope.id()).isEqualTo("m-1");
		assertThat(envelope.type()).isEqualTo("GetOrderQuery");
		assertThat(envelope.timestamp()).isEqualTo(Instant.parse("2025-07-08T10:32:15Z"));
		assertThat(envelope.correlationId()).isEqualTo("c-1");
		assertThat(envelope.replyTo()).isEqualTo("bridge.reply.9f8e7d6c");
		assertThat(this.codec.readPayload(envelope, GetOrderQuery.class)).isEqualTo(new GetOrderQuery(ORDER_ID));
	}

	@Test
	void decodePrefersPayloadReplyToOverAmqpProperty() {
		MessageProperties properties = new MessageProperties();
		properties.setReplyTo("bridge.reply.property");
		InboundEnvelope envelope = this.codec.decode(delivery(
				"{\"type\": \"GetOrderQuery\", \"payload\": {\"orderId\": \"o\", \"replyTo\": \"bridge.reply.payload\"}}",
				properties));
		assertThat(envelope.replyTo()).isEqualTo("bridge.reply.payload");
	}

	@Test
	void decodeFallsBackToAmqpProperties() {
		MessageProperties properties = new MessageProperties();
		properties.setMessageId("m-property");
		properties.setCorrelationId("c-property");
		properties.setReplyTo("bridge.reply.property");
		properties.setTimestamp(Date.from(Instant.parse("2025-07-08T10:31:00Z")));
		InboundEnvelope envelope = this.codec
			.decode(delivery("{\"type\": \"GetOrderQuery\", \"payload\": {\"orderId\": \"o\"}}", properties));
		assertThat(envelope.id()).isEqualTo("m-property");
		assertThat(envelope.correlationId()).isEqualTo("c-property");
		assertThat(envelope.replyTo()).isEqualTo("bridge.reply.property");
		assertThat(envelope.timestamp()).isEqualTo(Instant.parse("2025-07-08T10:31:00Z"));
	}

	@Test
	void decodeReadsReplyAddressFromEachReplyHeaderOfTheAmqpTable() {
		for (String header : List.of("x-reply-to", "reply-to", "replyTo")) {
			MessageProperties properties = new MessageProperties();
			properties.setHeader(header, LongStringHelper.asLongString("reply." + header));
			InboundEnvelope envelope = this.codec.decode(delivery(
					"{\"type\": \"PlaceOrderCommand\", \"payload\": {\"targetService\": \"order-service\"}}",
					properties));
			assertThat(envelope.replyTo()).as(header).isEqualTo("reply." + header);
		}
	}

	@Test
	void decodeReadsReplyAddressFromEachReplyHeaderOfTheEnvelope() {
		for (String header : List.of("x-reply-to", "reply-to", "replyTo")) {
			String body = "{\"type\": \"GetOrderQuery\", \"headers\": {\"" + header + "\": \"reply." + header
					+ "\"}, \"payload\": {\"orderId\": \"o\", \"replyTo\": \"\"}}";
			InboundEnvelope envelope = this.codec.decode(delivery(body));
			assertThat(envelope.replyTo()).as(header).isEqualTo("reply." + header);
		}
	}

	@Test
	void decodeTakesReplyAddressFromBodyAndPropertyBeforeHeaders() {
		MessageProperties properties = new MessageProperties();
		properties.setHeader("reply-to", "reply.header");
		properties.setReplyTo("reply.property");
		String payloadFirst = "{\"type\": \"GetOrderQuery\", \"replyTo\": \"reply.envelope\", "
				+ "\"payload\": {\"replyTo\": \"reply.payload\"}}";
		assertThat(this.codec.decode(delivery(payloadFirst, properties)).replyTo()).isEqualTo("reply.payload");
		String envelopeFirst = "{\"type\": \"GetOrderQuery\", \"replyTo\": \"reply.envelope\", \"payload\": {}}";
		assertThat(this.codec.decode(delivery(envelopeFirst, properties)).replyTo()).isEqualTo("reply.envelope");
		String none = "{\"type\": \"GetOrderQuery\", \"payload\": {\"replyTo\": \"\"}}";
		assertThat(this.codec.decode(delivery(none, properties)).replyTo()).isEqualTo("reply.property");
	}

	@Test
	void decodeTakesReplyHeadersInOrderAndAmqpOverEnvelope() {
		MessageProperties properties = new MessageProperties();
		properties.setHeader("replyTo", "reply.camel");
		properties.setHeader("reply-to", "reply.amqp");
		String body = "{\"type\": \"GetOrderQuery\", \"headers\": {\"reply-to\": \"reply.envelope\"}, "
				+ "\"payload\": {}}";
		assertThat(this.codec.decode(delivery(body, properties)).replyTo()).isEqualTo("reply.amqp");
		properties.setHeader("x-reply-to", "reply.x");
		assertThat(this.codec.decode(delivery(body, properties)).replyTo()).isEqualTo("reply.x");
	}

	@Test
	void decodeAcceptsReplyAddressOfTwoHundredFiftyFiveBytes() {
		String longest = "q".repeat(253) + "\u00e9";
		MessageProperties properties = new MessageProperties();
		properties.setHeader("reply-to", longest);
		assertThat(this.codec.decode(delivery("{\"type\": \"GetOrderQuery\", \"payload\": {}}", properties)).replyTo())
			.isEqualTo(longest);
	}

	@Test
	void decodeRefusesReplyAddressLongerThanAQueueNameNamingTheField() {
		// 254 chars, 256 UTF-8 bytes.
		String tooLong = "q".repeat(252) + "\u00e9\u00e9";
		MessageProperties properties = new MessageProperties();
		properties.setHeader("replyTo", LongStringHelper.asLongString(tooLong));
		assertThatExceptionOfType(UndecodableMessageException.class)
			.isThrownBy(() -> this.codec.decode(delivery("{\"type\": \"GetOrderQuery\", \"payload\": {}}", properties)))
			.withMessage("Reply address of message type 'GetOrderQuery' in header 'replyTo' is 256 UTF-8 bytes long, "
					+ "more than the 255 of an AMQP queue name");
		assertThatExceptionOfType(UndecodableMessageException.class)
			.isThrownBy(() -> this.codec.decode(delivery("{\"type\": \"GetOrderQuery\", \"payload\": {\"replyTo\": \""
					+ "r".repeat(256) + "\"}}")))
			.withMessageContaining("in payload 'replyTo' is 256 UTF-8 bytes long");
	}

	@Test
	void decodeRefusesReplyAddressWithAControlCharacter() {
		assertThatExceptionOfType(UndecodableMessageException.class)
			.isThrownBy(() -> this.codec.decode(delivery(
					"{\"type\": \"GetOrderQuery\", \"replyTo\": \"reply\\nqueue\", \"payload\": {}}")))
			.withMessageContaining("in envelope 'replyTo' contains a control character");
	}

	private Instant decodeTimestamp(String timestamp) {
		return this.codec
			.decode(delivery("{\"type\": \"GetOrderQuery\", \"timestamp\": \"" + timestamp + "\", \"payload\": {}}"))
			.timestamp();
	}

	private static Message delivery(String body) {
		return delivery(body, new MessageProperties());
	}

	private static Message delivery(String body, MessageProperties properties) {
		properties.setContentType("application/json");
		return new Message(body.getBytes(StandardCharsets.UTF_8), properties);
	}

}
