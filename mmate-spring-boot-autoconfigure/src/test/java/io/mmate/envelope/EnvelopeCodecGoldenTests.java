package io.mmate.envelope;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.impl.LongStringHelper;
import io.mmate.ErrorReply;
import io.mmate.MessageKind;
import io.mmate.PublishOptions;
import io.mmate.Reply;
import io.mmate.TypedErrorReply;
import io.mmate.envelope.golden.GetOrderQuery;
import io.mmate.envelope.golden.OrderPlacedEvent;
import io.mmate.envelope.golden.OrderReply;
import io.mmate.envelope.golden.PlaceOrderCommand;
import io.mmate.envelope.golden.PlaceOrderCommand.Item;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EnvelopeCodec} against the envelopes in {@code golden/go}, byte for byte as the Go implementation
 * writes them.
 */
class EnvelopeCodecGoldenTests {

	private static final String ORDER_ID = "ORD-20250708-0042";

	private static final String CUSTOMER_ID = "CUST-7781";

	private static final BigDecimal AMOUNT = new BigDecimal("149.97");

	private static final BigDecimal PRICE = new BigDecimal("49.99");

	private static final String COMMAND_ID = "3f2b8c1e-6d4a-4f7b-9a1c-2e5d8f0b7a64";

	private static final Instant COMMAND_TIMESTAMP = Instant.parse("2025-07-08T10:31:00Z");

	private static final String COMMAND_CORRELATION_ID = "c0ffee00-1234-4abc-8def-0123456789ab";

	private static final String COMMAND_REPLY_TO = "bridge.reply.a1b2c3d4";

	private static final String EVENT_ID = "8e1d2c3b-4a59-4687-b7c6-d5e4f3a2b1c0";

	private static final Instant EVENT_TIMESTAMP = Instant.parse("2025-07-08T10:31:02Z");

	private static final String QUERY_ID = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d";

	private static final Instant QUERY_TIMESTAMP = Instant.parse("2025-07-08T10:32:15Z");

	private static final String QUERY_CORRELATION_ID = "d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6";

	private static final String QUERY_REPLY_TO = "bridge.reply.9f8e7d6c";

	private static final String REPLY_ID = "6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e";

	private static final Instant REPLY_TIMESTAMP = Instant.parse("2025-07-08T10:32:16Z");

	private static final String ERROR_REPLY_ID = "7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f";

	private static final Instant ERROR_REPLY_TIMESTAMP = Instant.parse("2025-07-08T10:33:40Z");

	private static final String ERROR_REPLY_CORRELATION_ID = "e2f3a4b5-c6d7-4e8f-9a01-b2c3d4e5f6a7";

	private static final String ERROR_MESSAGE = "Order ORD-20250708-0099 not found";

	private final EnvelopeCodec codec = new EnvelopeCodec(JsonMapper.builder().build());

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void decodeGoCommand() throws IOException {
		InboundEnvelope envelope = this.codec.decode(goDelivery("command.json"));
		assertThat(envelope.id()).isEqualTo(COMMAND_ID);
		assertThat(envelope.type()).isEqualTo("PlaceOrderCommand");
		assertThat(envelope.kind()).isEqualTo(MessageKind.COMMAND);
		assertThat(envelope.timestamp()).isEqualTo(COMMAND_TIMESTAMP);
		assertThat(envelope.correlationId()).isEqualTo(COMMAND_CORRELATION_ID);
		assertThat(envelope.replyTo()).isEqualTo(COMMAND_REPLY_TO);
		assertThat(envelope.headers()).isEqualTo(goHeaders(COMMAND_ID, "PlaceOrderCommand", "command",
				"2025-07-08T10:31:00Z", COMMAND_CORRELATION_ID, "x-reply-to", COMMAND_REPLY_TO));
		assertThat(envelope.payload().get("targetService").stringValue()).isEqualTo("order-service");
		PlaceOrderCommand command = this.codec.readPayload(envelope, PlaceOrderCommand.class);
		assertThat(command).isEqualTo(new PlaceOrderCommand(ORDER_ID, CUSTOMER_ID, AMOUNT,
				List.of(new Item("SKU-1001", 2, PRICE), new Item("SKU-2002", 1, PRICE))));
	}

	@Test
	void decodeGoEvent() throws IOException {
		InboundEnvelope envelope = this.codec.decode(goDelivery("event.json"));
		assertThat(envelope.id()).isEqualTo(EVENT_ID);
		assertThat(envelope.type()).isEqualTo("OrderPlacedEvent");
		assertThat(envelope.kind()).isEqualTo(MessageKind.EVENT);
		assertThat(envelope.timestamp()).isEqualTo(EVENT_TIMESTAMP);
		assertThat(envelope.correlationId()).isNull();
		assertThat(envelope.replyTo()).isNull();
		assertThat(envelope.headers()).isEqualTo(goHeaders(EVENT_ID, "OrderPlacedEvent", "event",
				"2025-07-08T10:31:02Z", null, "x-aggregate-id", ORDER_ID, "x-sequence", "3"));
		assertThat(envelope.payload().get("aggregateId").stringValue()).isEqualTo(ORDER_ID);
		OrderPlacedEvent event = this.codec.readPayload(envelope, OrderPlacedEvent.class);
		assertThat(event).isEqualTo(new OrderPlacedEvent(ORDER_ID, CUSTOMER_ID, AMOUNT, 3));
		assertThat(event.aggregateId()).isEqualTo(ORDER_ID);
		assertThat(event.sequence()).isEqualTo(3);
	}

	@Test
	void decodeGoQuery() throws IOException {
		InboundEnvelope envelope = this.codec.decode(goDelivery("query.json"));
		assertThat(envelope.id()).isEqualTo(QUERY_ID);
		assertThat(envelope.type()).isEqualTo("GetOrderQuery");
		assertThat(envelope.kind()).isEqualTo(MessageKind.QUERY);
		assertThat(envelope.timestamp()).isEqualTo(QUERY_TIMESTAMP);
		assertThat(envelope.correlationId()).isEqualTo(QUERY_CORRELATION_ID);
		assertThat(envelope.replyTo()).isEqualTo(QUERY_REPLY_TO);
		assertThat(envelope.headers()).isEqualTo(goHeaders(QUERY_ID, "GetOrderQuery", "query",
				"2025-07-08T10:32:15Z", QUERY_CORRELATION_ID, "x-reply-to", QUERY_REPLY_TO));
		assertThat(this.codec.readPayload(envelope, GetOrderQuery.class)).isEqualTo(new GetOrderQuery(ORDER_ID));
	}

	@Test
	void decodeGoReply() throws IOException {
		InboundEnvelope envelope = this.codec.decode(goDelivery("reply.json"));
		assertThat(envelope.id()).isEqualTo(REPLY_ID);
		assertThat(envelope.type()).isEqualTo("OrderReply");
		assertThat(envelope.kind()).isEqualTo(MessageKind.REPLY);
		assertThat(envelope.timestamp()).isEqualTo(REPLY_TIMESTAMP);
		assertThat(envelope.correlationId()).isEqualTo(QUERY_CORRELATION_ID);
		assertThat(envelope.replyTo()).isNull();
		assertThat(envelope.headers()).isEqualTo(goHeaders(REPLY_ID, "OrderReply", "reply", "2025-07-08T10:32:16Z",
				QUERY_CORRELATION_ID, "x-success", "true"));
		assertThat(this.codec.readPayload(envelope, OrderReply.class))
			.isEqualTo(new OrderReply(true, ORDER_ID, CUSTOMER_ID, AMOUNT, "CONFIRMED"));
	}

	@Test
	void decodeGoErrorReply() throws IOException {
		InboundEnvelope envelope = this.codec.decode(goDelivery("error-reply.json"));
		assertThat(envelope.id()).isEqualTo(ERROR_REPLY_ID);
		assertThat(envelope.type()).isEqualTo("ErrorReply");
		assertThat(envelope.kind()).isEqualTo(MessageKind.REPLY);
		assertThat(envelope.timestamp()).isEqualTo(ERROR_REPLY_TIMESTAMP);
		assertThat(envelope.correlationId()).isEqualTo(ERROR_REPLY_CORRELATION_ID);
		assertThat(envelope.replyTo()).isNull();
		assertThat(envelope.headers()).isEqualTo(goHeaders(ERROR_REPLY_ID, "ErrorReply", "reply",
				"2025-07-08T10:33:40Z", ERROR_REPLY_CORRELATION_ID, "x-success", "false"));
		assertThat(envelope.payload().get("error").stringValue()).isEqualTo(ERROR_MESSAGE);
		assertThat(this.codec.readPayload(envelope, ErrorReply.class))
			.isEqualTo(ErrorReply.of("ORDER_NOT_FOUND", ERROR_MESSAGE));
		assertThat(this.codec.readPayload(envelope, StatusReply.class))
			.isEqualTo(new StatusReply(false, "ORDER_NOT_FOUND", ERROR_MESSAGE));
	}

	@Test
	void decodeGoRequestReplyServersErrorReply() throws IOException {
		// What Go's request/reply server answers when its handler fails: its own ErrorReply, without 'error'.
		InboundEnvelope envelope = this.codec.decode(goDelivery("server-error-reply.json"));
		assertThat(envelope.type()).isEqualTo("ErrorReply");
		assertThat(envelope.kind()).isEqualTo(MessageKind.REPLY);
		assertThat(envelope.correlationId()).isEqualTo("c9d0e1f2-a3b4-4c5d-8e6f-7a8b9c0d1e2f");
		assertThat(envelope.headers()).containsEntry("x-success", "false");
		assertThat(this.codec.readPayload(envelope, ErrorReply.class))
			.isEqualTo(ErrorReply.of("REQUEST_FAILED", "order ORD-20250708-0099 not found"));
	}

	@Test
	void decodeGoTypedErrorReply() throws IOException {
		// contracts.NewErrorReply("OrderReply", ...): an ErrorReply's payload under the expected reply's type name.
		InboundEnvelope envelope = this.codec.decode(goDelivery("typed-error-reply.json"));
		assertThat(envelope.type()).isEqualTo("OrderReply");
		assertThat(envelope.kind()).isEqualTo(MessageKind.REPLY);
		assertThat(envelope.correlationId()).isEqualTo(QUERY_CORRELATION_ID);
		assertThat(envelope.headers()).containsEntry("x-success", "false");
		assertThat(this.codec.readPayload(envelope, OrderReply.class))
			.isEqualTo(new OrderReply(false, null, null, null, null));
		assertThat(this.codec.readPayload(envelope, StatusReply.class))
			.isEqualTo(new StatusReply(false, "ORDER_NOT_FOUND", ERROR_MESSAGE));
	}

	@Test
	void decodeGoCommandsWithTheReplyAddressOnlyInAHeader() throws IOException {
		// Go's request/reply client (WithReplyTo) and its WithPublishReplyTo option leave payload.replyTo out.
		Map<String, String> replyToByFixture = Map.of("command-reply-to-header.json", "reply-to",
				"command-replyto-header.json", "replyTo");
		Map<String, String> addresses = Map.of("reply-to", "reply.5e6f7a8b", "replyTo", "orders.replies");
		for (Map.Entry<String, String> fixture : replyToByFixture.entrySet()) {
			InboundEnvelope envelope = this.codec.decode(goDelivery(fixture.getKey()));
			String header = fixture.getValue();
			assertThat(envelope.type()).isEqualTo("PlaceOrderCommand");
			assertThat(envelope.kind()).isEqualTo(MessageKind.COMMAND);
			assertThat(envelope.payload().has("replyTo")).isFalse();
			assertThat(envelope.headers()).containsEntry(header, addresses.get(header));
			assertThat(envelope.replyTo()).as(fixture.getKey()).isEqualTo(addresses.get(header));
			assertThat(this.codec.readPayload(envelope, PlaceOrderCommand.class).orderId()).isEqualTo(ORDER_ID);
		}
	}

	@Test
	void decodeGoQueryWithTheReplyAddressInAHeaderAndAnEmptyPayloadReplyTo() throws IOException {
		InboundEnvelope envelope = this.codec.decode(goDelivery("query-reply-to-header.json"));
		assertThat(envelope.payload().get("replyTo").stringValue()).isEmpty();
		assertThat(envelope.replyTo()).isEqualTo("reply.6f7a8b9c");
		assertThat(envelope.correlationId()).isEqualTo("c9d0e1f2-a3b4-4c5d-8e6f-7a8b9c0d1e2f");
		assertThat(this.codec.readPayload(envelope, GetOrderQuery.class)).isEqualTo(new GetOrderQuery(ORDER_ID));
	}

	@Test
	void encodeCommandLikeGo() throws IOException {
		PlaceOrderCommand command = new PlaceOrderCommand(ORDER_ID, CUSTOMER_ID, AMOUNT,
				List.of(new Item("SKU-1001", 2, PRICE), new Item("SKU-2002", 1, PRICE)));
		PublishOptions options = PublishOptions.defaults()
			.withCorrelationId(COMMAND_CORRELATION_ID)
			.withReplyTo(COMMAND_REPLY_TO);
		assertWrittenLikeGo("command.json", new OutboundEnvelope(COMMAND_ID, "PlaceOrderCommand",
				MessageKind.COMMAND, COMMAND_TIMESTAMP, command, "order-service", options));
	}

	@Test
	void encodeEventLikeGo() throws IOException {
		OrderPlacedEvent event = new OrderPlacedEvent(ORDER_ID, CUSTOMER_ID, AMOUNT, 3);
		assertWrittenLikeGo("event.json", new OutboundEnvelope(EVENT_ID, "OrderPlacedEvent", MessageKind.EVENT,
				EVENT_TIMESTAMP, event, null, PublishOptions.defaults()));
	}

	@Test
	void encodeQueryLikeGo() throws IOException {
		PublishOptions options = PublishOptions.defaults()
			.withCorrelationId(QUERY_CORRELATION_ID)
			.withReplyTo(QUERY_REPLY_TO);
		assertWrittenLikeGo("query.json", new OutboundEnvelope(QUERY_ID, "GetOrderQuery", MessageKind.QUERY,
				QUERY_TIMESTAMP, new GetOrderQuery(ORDER_ID), null, options));
	}

	@Test
	void encodeReplyLikeGo() throws IOException {
		OrderReply reply = new OrderReply(true, ORDER_ID, CUSTOMER_ID, AMOUNT, "CONFIRMED");
		assertWrittenLikeGo("reply.json", new OutboundEnvelope(REPLY_ID, "OrderReply", MessageKind.REPLY,
				REPLY_TIMESTAMP, reply, null, PublishOptions.defaults().withCorrelationId(QUERY_CORRELATION_ID)));
	}

	@Test
	void encodeErrorReplyLikeGo() throws IOException {
		ErrorReply reply = ErrorReply.of("ORDER_NOT_FOUND", ERROR_MESSAGE);
		assertWrittenLikeGo("error-reply.json",
				new OutboundEnvelope(ERROR_REPLY_ID, "ErrorReply", MessageKind.REPLY, ERROR_REPLY_TIMESTAMP, reply,
						null, PublishOptions.defaults().withCorrelationId(ERROR_REPLY_CORRELATION_ID)));
	}

	@Test
	void encodeTypedErrorReplyLikeGo() throws IOException {
		TypedErrorReply reply = TypedErrorReply.of(OrderReply.class, "ORDER_NOT_FOUND", ERROR_MESSAGE);
		assertWrittenLikeGo("typed-error-reply.json",
				new OutboundEnvelope("4f506172-8394-4a5b-86d7-e8f90a1b2c3d", "OrderReply", MessageKind.REPLY,
						Instant.parse("2025-07-08T10:34:12Z"), reply, null,
						PublishOptions.defaults().withCorrelationId(QUERY_CORRELATION_ID)));
	}

	@Test
	void encodeFailedReplyOfAnyClassWithTheErrorFieldsGoReads() {
		Message amqp = this.codec.encode(new OutboundEnvelope(REPLY_ID, "StatusReply", MessageKind.REPLY,
				REPLY_TIMESTAMP, new StatusReply(false, "OUT_OF_STOCK", null), null, PublishOptions.defaults()));
		assertThat(write(this.json.readTree(amqp.getBody()).get("payload")))
			.isEqualTo("{\"error\":\"\",\"errorCode\":\"OUT_OF_STOCK\",\"errorMessage\":\"\",\"success\":false}");
	}

	@Test
	void encodeSuccessfulReplyWithoutItsUnsetErrorFields() {
		Message amqp = this.codec.encode(new OutboundEnvelope(REPLY_ID, "StatusReply", MessageKind.REPLY,
				REPLY_TIMESTAMP, new StatusReply(true, null, null), null, PublishOptions.defaults()));
		assertThat(write(this.json.readTree(amqp.getBody()).get("payload"))).isEqualTo("{\"success\":true}");
	}

	@Test
	void encodeWritesWholeSecondsLikeGo() {
		Instant timestamp = Instant.parse("2025-07-08T10:31:00.987654321Z");
		Message amqp = this.codec.encode(new OutboundEnvelope(EVENT_ID, "OrderPlacedEvent", MessageKind.EVENT,
				timestamp, new OrderPlacedEvent(ORDER_ID, CUSTOMER_ID, AMOUNT, 3), null, PublishOptions.defaults()));
		JsonNode body = this.json.readTree(amqp.getBody());
		assertThat(body.get("timestamp").stringValue()).isEqualTo("2025-07-08T10:31:00Z");
		assertThat(body.get("headers").get("timestamp").stringValue()).isEqualTo("2025-07-08T10:31:00Z");
		assertThat(amqp.getMessageProperties().getHeaders()).containsEntry("timestamp", "2025-07-08T10:31:00Z");
		assertThat(amqp.getMessageProperties().getTimestamp())
			.isEqualTo(Date.from(Instant.parse("2025-07-08T10:31:00Z")));
	}

	private void assertWrittenLikeGo(String fixture, OutboundEnvelope out) throws IOException {
		ObjectNode go = (ObjectNode) this.json.readTree(fixture(fixture));
		Message amqp = this.codec.encode(out);
		ObjectNode java = (ObjectNode) this.json.readTree(amqp.getBody());
		assertThat(java.propertyNames()).containsExactlyElementsOf(go.propertyNames());
		assertThat(write(withoutHeadersAndPayload(java))).isEqualTo(write(withoutHeadersAndPayload(go)));
		assertThat(write(java.get("payload"))).isEqualTo(write(go.get("payload")));
		assertThat(write(java.get("headers"))).isEqualTo(write(goHeadersAsJavaWritesThem(go)));
		MessageProperties properties = amqp.getMessageProperties();
		assertThat(properties.getMessageId()).isEqualTo(go.get("id").stringValue());
		assertThat(properties.getType()).isEqualTo(go.get("type").stringValue());
		assertThat(properties.getCorrelationId()).isEqualTo(textOrNull(go.get("correlationId")));
		assertThat(properties.getReplyTo()).isEqualTo(textOrNull(go.get("payload").get("replyTo")));
		assertThat(properties.getTimestamp())
			.isEqualTo(Date.from(Instant.parse(go.get("timestamp").stringValue())));
		assertThat(properties.getContentType()).isEqualTo("application/json");
		assertThat(properties.getDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
		assertThat(properties.getHeaders()).isEqualTo(this.json.treeToValue(java.get("headers"), Map.class));
	}

	private static ObjectNode withoutHeadersAndPayload(ObjectNode envelope) {
		ObjectNode copy = envelope.deepCopy();
		copy.remove(List.of("headers", "payload"));
		return copy;
	}

	private static ObjectNode goHeadersAsJavaWritesThem(ObjectNode go) {
		ObjectNode headers = (ObjectNode) go.get("headers").deepCopy();
		// The Go publisher's own AMQP settings, which ours keeps in AMQP properties only.
		headers.remove(List.of("priority", "delivery-mode", "expiration"));
		headers.put("x-source", "mmate-java");
		headers.put("source", "mmate-java");
		return headers;
	}

	private String write(JsonNode node) {
		return this.json.writeValueAsString(node);
	}

	private static String textOrNull(JsonNode node) {
		return (node != null) ? node.stringValue() : null;
	}

	private Message goDelivery(String fixture) throws IOException {
		byte[] body = fixture(fixture);
		MessageProperties properties = new MessageProperties();
		properties.setContentType("application/json");
		properties.setReceivedDeliveryMode(MessageDeliveryMode.PERSISTENT);
		for (Map.Entry<String, JsonNode> header : this.json.readTree(body).get("headers").properties()) {
			properties.setHeader(header.getKey(), goAmqpValue(header.getValue()));
		}
		return new Message(body, properties);
	}

	private static Object goAmqpValue(JsonNode value) {
		// Go's AMQP client writes strings as long strings and the uint8 priority and delivery mode as bytes.
		if (value.isIntegralNumber()) {
			return (byte) value.intValue();
		}
		return LongStringHelper.asLongString(value.stringValue());
	}

	private static byte[] fixture(String name) throws IOException {
		return new ClassPathResource("golden/go/" + name).getContentAsByteArray();
	}

	private static Map<String, Object> goHeaders(String id, String type, String kind, String timestamp,
			String correlationId, String... extra) {
		Map<String, Object> headers = new LinkedHashMap<>();
		headers.put("x-message-type", type);
		headers.put("x-message-id", id);
		headers.put("x-message-kind", kind);
		headers.put("x-source", "mmate-go");
		headers.put("x-version", "1.0");
		headers.put("message-id", id);
		headers.put("message-type", type);
		headers.put("timestamp", timestamp);
		headers.put("source", "mmate-go");
		headers.put("priority", 0L);
		headers.put("delivery-mode", 2L);
		headers.put("expiration", "300000");
		if (correlationId != null) {
			headers.put("x-correlation-id", correlationId);
			headers.put("correlation-id", correlationId);
		}
		for (int i = 0; i < extra.length; i += 2) {
			headers.put(extra[i], extra[i + 1]);
		}
		return headers;
	}

	/**
	 * A reply class that binds the base fields of a failed reply.
	 *
	 * @param success whether the request succeeded
	 * @param errorCode the error code
	 * @param errorMessage the error message
	 */
	record StatusReply(boolean success, String errorCode, String errorMessage) implements Reply {

	}

}
