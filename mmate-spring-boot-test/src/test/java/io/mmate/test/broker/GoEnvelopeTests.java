package io.mmate.test.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link GoEnvelope}: byte for byte what Go writes, compared with the project's Go fixtures
 * ({@code golden/go}, copied from the auto-configuration module's tests, built from the Go source).
 */
class GoEnvelopeTests {

	private static final String COMMAND = fixture("command.json");

	private static final String EVENT = fixture("event.json");

	private static final String REPLY = fixture("reply.json");

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

	private static String fixture(String name) {
		try {
			return new ClassPathResource("golden/go/" + name).getContentAsString(StandardCharsets.UTF_8).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	record PlaceOrder(String orderId, String customerId, BigDecimal amount, List<Item> items) {
	}

	record Item(String sku, int quantity, BigDecimal price) {
	}

}
