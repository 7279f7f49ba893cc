package io.mmate.sample.order;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.mmate.MessagePublisher;
import io.mmate.PublishOptions;
import io.mmate.sample.order.contracts.GetOrderQuery;
import io.mmate.sample.order.contracts.OrderItem;
import io.mmate.sample.order.contracts.OrderReply;
import io.mmate.sample.order.contracts.PlaceOrderCommand;
import io.mmate.test.broker.BrokerProbe;
import io.mmate.test.broker.GoEnvelope;
import io.mmate.test.broker.MmateBrokerConfiguration;
import io.mmate.test.broker.ReceivedEnvelope;
import io.mmate.test.broker.TemporaryQueue;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order service on the wire: queries and commands with reply addresses, as another Mmate service (Go, .NET or
 * Java) sends them, and a poison message that must be dead-lettered without stopping the consumer.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import({ MmateBrokerConfiguration.class, TraceRecorder.class })
class OrderMessagingIntegrationTests {

	private static final String SERVICE = "order-service";

	private static final String DEAD_LETTER_QUEUE = "dlq.order-service-queue";

	private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	@Autowired
	private MessagePublisher publisher;

	@Autowired
	private OrderRepository orders;

	@Autowired
	private BrokerProbe probe;

	@Test
	void aQueryForAKnownOrderIsAnsweredWithAnOrderReply() throws Exception {
		String orderId = newId();
		this.orders.save(new Order(orderId, "customer-q", new BigDecimal("42.50"), List.of(), Order.PLACED));
		String correlationId = newId();
		ReceivedEnvelope reply;
		try (TemporaryQueue replies = this.probe.declareReplyQueue()) {
			this.publisher.sendQuery(new GetOrderQuery(orderId),
					PublishOptions.defaults().withReplyTo(replies.name()).withCorrelationId(correlationId)).get();
			reply = replies.awaitEnvelope(REPLY_TIMEOUT);
		}

		assertThat(reply.type()).isEqualTo("OrderReply");
		assertThat(reply.correlationId()).isEqualTo(correlationId);
		assertThat(reply.kind()).isEqualTo("reply");
		JsonNode payload = reply.payload();
		assertThat(payload.get("success").asBoolean()).isTrue();
		assertThat(payload.get("orderId").asString()).isEqualTo(orderId);
		assertThat(payload.get("customerId").asString()).isEqualTo("customer-q");
		assertThat(payload.get("amount").decimalValue()).isEqualByComparingTo("42.50");
		assertThat(payload.get("status").asString()).isEqualTo(Order.PLACED);
		assertThat(payload.has("errorCode")).isFalse();
		assertThat(payload.has("error")).isFalse();
	}

	@Test
	void aQueryForAnUnknownOrderIsAnsweredWithAnOrderReplyOfOrderNotFound() throws Exception {
		String correlationId = newId();
		ReceivedEnvelope reply;
		try (TemporaryQueue replies = this.probe.declareReplyQueue()) {
			this.publisher.sendQuery(new GetOrderQuery("no-such-order"),
					PublishOptions.defaults().withReplyTo(replies.name()).withCorrelationId(correlationId)).get();
			reply = replies.awaitEnvelope(REPLY_TIMEOUT);
		}

		// The declared reply type, so that a requester bound to OrderReply (a typed Go requester) can read it.
		assertThat(reply.type()).isEqualTo("OrderReply");
		assertThat(reply.correlationId()).isEqualTo(correlationId);
		JsonNode payload = reply.payload();
		assertThat(payload.get("success").asBoolean()).isFalse();
		assertThat(payload.get("errorCode").asString()).isEqualTo("ORDER_NOT_FOUND");
		assertThat(payload.get("errorMessage").asString()).contains("no-such-order");
		assertThat(payload.get("error").asString()).isEqualTo(payload.get("errorMessage").asString());
		assertThat(reply.headers()).containsEntry("x-success", "false");
	}

	@Test
	void aQueryAsAGoServiceSendsItIsAnsweredOnItsReplyQueue() {
		String orderId = newId();
		this.orders.save(new Order(orderId, "customer-g", new BigDecimal("8.00"), List.of(), Order.PLACED));

		ReceivedEnvelope reply = this.probe.request(GoEnvelope.query("GetOrderQuery", Map.of("orderId", orderId)),
				REPLY_TIMEOUT);

		assertThat(reply.type()).isEqualTo("OrderReply");
		assertThat(reply.headers()).containsEntry("x-success", "true");
		assertThat(reply.payload().get("customerId").asString()).isEqualTo("customer-g");
		assertThat(reply.payload(OrderReply.class).amount()).isEqualByComparingTo("8.00");
	}

	@Test
	void aCommandWithAReplyAddressIsAnsweredWithAPlaceOrderReply() throws Exception {
		String orderId = newId();
		String correlationId = newId();
		ReceivedEnvelope reply;
		try (TemporaryQueue replies = this.probe.declareReplyQueue()) {
			this.publisher.sendCommand(placeOrder(orderId), SERVICE,
					PublishOptions.defaults().withReplyTo(replies.name()).withCorrelationId(correlationId)).get();
			reply = replies.awaitEnvelope(REPLY_TIMEOUT);
		}

		assertThat(reply.type()).isEqualTo("PlaceOrderReply");
		assertThat(reply.correlationId()).isEqualTo(correlationId);
		JsonNode payload = reply.payload();
		assertThat(payload.get("success").asBoolean()).isTrue();
		assertThat(payload.get("orderId").asString()).isEqualTo(orderId);
		assertThat(payload.get("status").asString()).isEqualTo(Order.PLACED);
		assertThat(this.orders.findById(orderId)).isPresent();
	}

	@Test
	void anInvalidCommandIsAnsweredWithValidationFailedNamingTheFieldsAndTheNextIsStillHandled() throws Exception {
		String orderId = newId();
		PlaceOrderCommand invalid = new PlaceOrderCommand(orderId, " ", new BigDecimal("-5"),
				List.of(new OrderItem("SKU-7", -1, new BigDecimal("7.00"))));
		JsonNode payload;
		try (TemporaryQueue replies = this.probe.declareReplyQueue()) {
			this.publisher.sendCommand(invalid, SERVICE, PublishOptions.defaults().withReplyTo(replies.name())).get();
			payload = replies.awaitEnvelope(REPLY_TIMEOUT).payload();
		}

		assertThat(payload.get("success").asBoolean()).isFalse();
		assertThat(payload.get("errorCode").asString()).isEqualTo("VALIDATION_FAILED");
		assertThat(payload.get("errorMessage").asString()).contains("amount: must be greater than 0",
				"customerId: must not be blank", "items[0].quantity: must be greater than 0");
		assertThat(this.orders.findById(orderId)).isEmpty();

		String valid = newId();
		this.publisher.sendCommand(placeOrder(valid), SERVICE).get();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.orders.findById(valid).isPresent());
	}

	@Test
	void anUndecodableCommandIsDeadLetteredAndTheNextCommandIsStillHandled() throws Exception {
		this.probe.purge(DEAD_LETTER_QUEUE);
		byte[] poison = "not json".getBytes(StandardCharsets.UTF_8);
		MessageProperties properties = new MessageProperties();
		properties.setContentType(MessageProperties.CONTENT_TYPE_TEXT_PLAIN);
		this.probe.send("mmate.commands", "cmd.order-service.PlaceOrderCommand", new Message(poison, properties));

		// Drains the dead-letter queue up to the poison message, so later runs start from an empty queue.
		ReceivedEnvelope deadLetter = this.probe.awaitEnvelope(DEAD_LETTER_QUEUE,
				(received) -> Arrays.equals(received.body(), poison), TIMEOUT);
		assertThat(deadLetter.isEnvelope()).isFalse();
		assertThat(deadLetter.header("x-mmate-dead-letter-reason")).isEqualTo("undecodable");
		assertThat(deadLetter.header("x-mmate-original-queue")).isEqualTo("order-service-queue");

		String orderId = newId();
		this.publisher.sendCommand(placeOrder(orderId), SERVICE).get();
		await().atMost(TIMEOUT).until(() -> this.orders.findById(orderId).isPresent());
	}

	private static PlaceOrderCommand placeOrder(String orderId) {
		return new PlaceOrderCommand(orderId, "customer-m", new BigDecimal("7.00"),
				List.of(new OrderItem("SKU-7", 1, new BigDecimal("7.00"))));
	}

	private static String newId() {
		return UUID.randomUUID().toString();
	}

}
