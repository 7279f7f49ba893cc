package io.mmate.test.broker;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link GoEnvelope}: byte for byte what Go writes, compared with the envelopes of the project's Go fixtures
 * ({@code golden/go} in the auto-configuration module's tests, built from the Go source).
 */
class GoEnvelopeTests {

	private static final String COMMAND = "{\"id\":\"3f2b8c1e-6d4a-4f7b-9a1c-2e5d8f0b7a64\",\"type\":\"PlaceOrderCommand\","
			+ "\"timestamp\":\"2025-07-08T10:31:00Z\",\"correlationId\":\"c0ffee00-1234-4abc-8def-0123456789ab\","
			+ "\"headers\":{\"correlation-id\":\"c0ffee00-1234-4abc-8def-0123456789ab\",\"delivery-mode\":2,"
			+ "\"expiration\":\"300000\",\"message-id\":\"3f2b8c1e-6d4a-4f7b-9a1c-2e5d8f0b7a64\","
			+ "\"message-type\":\"PlaceOrderCommand\",\"priority\":0,\"source\":\"mmate-go\","
			+ "\"timestamp\":\"2025-07-08T10:31:00Z\",\"x-correlation-id\":\"c0ffee00-1234-4abc-8def-0123456789ab\","
			+ "\"x-message-id\":\"3f2b8c1e-6d4a-4f7b-9a1c-2e5d8f0b7a64\",\"x-message-kind\":\"command\","
			+ "\"x-message-type\":\"PlaceOrderCommand\",\"x-reply-to\":\"bridge.reply.a1b2c3d4\",\"x-source\":\"mmate-go\","
			+ "\"x-version\":\"1.0\"},\"payload\":{\"amount\":149.97,\"customerId\":\"CUST-7781\",\"items\":[{\"price\":49.99,"
			+ "\"quantity\":2,\"sku\":\"SKU-1001\"},{\"price\":49.99,\"quantity\":1,\"sku\":\"SKU-2002\"}],"
			+ "\"orderId\":\"ORD-20250708-0042\",\"replyTo\":\"bridge.reply.a1b2c3d4\",\"targetService\":\"order-service\"}}";

	private static final String EVENT = "{\"id\":\"8e1d2c3b-4a59-4687-b7c6-d5e4f3a2b1c0\",\"type\":\"OrderPlacedEvent\","
			+ "\"timestamp\":\"2025-07-08T10:31:02Z\",\"headers\":{\"delivery-mode\":2,\"expiration\":\"300000\","
			+ "\"message-id\":\"8e1d2c3b-4a59-4687-b7c6-d5e4f3a2b1c0\",\"message-type\":\"OrderPlacedEvent\",\"priority\":0,"
			+ "\"source\":\"mmate-go\",\"timestamp\":\"2025-07-08T10:31:02Z\",\"x-aggregate-id\":\"ORD-20250708-0042\","
			+ "\"x-message-id\":\"8e1d2c3b-4a59-4687-b7c6-d5e4f3a2b1c0\",\"x-message-kind\":\"event\","
			+ "\"x-message-type\":\"OrderPlacedEvent\",\"x-sequence\":\"3\",\"x-source\":\"mmate-go\",\"x-version\":\"1.0\"},"
			+ "\"payload\":{\"aggregateId\":\"ORD-20250708-0042\",\"amount\":149.97,\"customerId\":\"CUST-7781\","
			+ "\"orderId\":\"ORD-20250708-0042\",\"sequence\":3}}";

	private static final String REPLY = "{\"id\":\"6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e\",\"type\":\"OrderReply\","
			+ "\"timestamp\":\"2025-07-08T10:32:16Z\",\"correlationId\":\"d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6\","
			+ "\"headers\":{\"correlation-id\":\"d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6\",\"delivery-mode\":2,"
			+ "\"expiration\":\"300000\",\"message-id\":\"6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e\","
			+ "\"message-type\":\"OrderReply\",\"priority\":0,\"source\":\"mmate-go\",\"timestamp\":\"2025-07-08T10:32:16Z\","
			+ "\"x-correlation-id\":\"d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6\","
			+ "\"x-message-id\":\"6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e\",\"x-message-kind\":\"reply\","
			+ "\"x-message-type\":\"OrderReply\",\"x-source\":\"mmate-go\",\"x-success\":\"true\",\"x-version\":\"1.0\"},"
			+ "\"payload\":{\"amount\":149.97,\"customerId\":\"CUST-7781\",\"orderId\":\"ORD-20250708-0042\","
			+ "\"status\":\"CONFIRMED\",\"success\":true}}";

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aCommandWithAReplyAddressIsWrittenAsGoWritesIt() {
		GoEnvelope command = GoEnvelope
			.command("PlaceOrderCommand", "order-service",
					new PlaceOrder("ORD-20250708-0042", "CUST-7781", new BigDecimal("149.97"),
							List.of(new Item("SKU-1001", 2, new BigDecimal("49.99")),
									new Item("SKU-2002", 1, new BigDecimal("49.99")))))
			.withId("3f2b8c1e-6d4a-4f7b-9a1c-2e5d8f0b7a64")
			.withCorrelationId("c0ffee00-1234-4abc-8def-0123456789ab")
			.withReplyTo("bridge.reply.a1b2c3d4")
			.withTimestamp(Instant.parse("2025-07-08T10:31:00.750Z"));
		assertThat(new String(command.toJson(this.json), StandardCharsets.UTF_8)).isEqualTo(COMMAND);
		assertThat(command.exchange()).isEqualTo("mmate.commands");
		assertThat(command.routingKey()).isEqualTo("cmd.order-service.PlaceOrderCommand");
	}

	@Test
	void anEventIsWrittenAsGoWritesIt() {
		GoEnvelope event = GoEnvelope
			.event("OrderPlacedEvent", "ORD-20250708-0042",
					Map.of("orderId", "ORD-20250708-0042", "customerId", "CUST-7781", "amount",
							new BigDecimal("149.97")))
			.withSequence(3)
			.withId("8e1d2c3b-4a59-4687-b7c6-d5e4f3a2b1c0")
			.withTimestamp(Instant.parse("2025-07-08T10:31:02Z"));
		assertThat(new String(event.toJson(this.json), StandardCharsets.UTF_8)).isEqualTo(EVENT);
		assertThat(event.exchange()).isEqualTo("mmate.events");
		assertThat(event.routingKey()).isEqualTo("evt.ORD-20250708-0042.OrderPlacedEvent");
	}

	@Test
	void aReplyIsWrittenAsGoWritesIt() {
		GoEnvelope reply = GoEnvelope
			.reply("OrderReply", Map.of("orderId", "ORD-20250708-0042", "customerId", "CUST-7781", "amount",
					new BigDecimal("149.97"), "status", "CONFIRMED"))
			.withId("6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e")
			.withCorrelationId("d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6")
			.withTimestamp(Instant.parse("2025-07-08T10:32:16Z"));
		assertThat(new String(reply.toJson(this.json), StandardCharsets.UTF_8)).isEqualTo(REPLY);
		assertThatIllegalStateException().isThrownBy(reply::exchange);
	}

	@Test
	void aQueryAlwaysHasAReplyAddressInItsPayload() {
		GoEnvelope query = GoEnvelope.query("GetOrderQuery", Map.of("orderId", "o-1"));
		assertThat(this.json.readTree(query.toJson(this.json)).get("payload").get("replyTo").asString()).isEmpty();
		assertThat(query.routingKey()).isEqualTo("qry.GetOrderQuery");
	}

	@Test
	void theAmqpMessageCarriesTheHeadersInItsTableAndOnlyGosProperties() {
		Message message = GoEnvelope.command("PlaceOrderCommand", "order-service", Map.of("orderId", "o-1"))
			.withCorrelationId("c-1")
			.toMessage(this.json);
		assertThat(message.getMessageProperties().getContentType()).isEqualTo("application/json");
		assertThat(message.getMessageProperties().getDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
		assertThat(message.getMessageProperties().getMessageId()).isNull();
		assertThat(message.getMessageProperties().getCorrelationId()).isNull();
		assertThat(message.getMessageProperties().getHeaders()).containsEntry("x-message-kind", "command")
			.containsEntry("x-correlation-id", "c-1")
			.containsEntry("priority", (byte) 0)
			.containsEntry("delivery-mode", (byte) 2);
	}

	@Test
	void onlyTheRightKindsTakeKindSpecificSettings() {
		assertThatIllegalStateException().isThrownBy(() -> GoEnvelope.event("E", "a", null).withReplyTo("q"));
		assertThatIllegalStateException().isThrownBy(() -> GoEnvelope.query("Q", null).withSequence(1));
		assertThatIllegalStateException().isThrownBy(() -> GoEnvelope.command("C", "s", null).failed());
	}

	record PlaceOrder(String orderId, String customerId, BigDecimal amount, List<Item> items) {
	}

	record Item(String sku, int quantity, BigDecimal price) {
	}

}
