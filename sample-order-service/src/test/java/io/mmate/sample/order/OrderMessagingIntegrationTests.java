package io.mmate.sample.order;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.mmate.MessagePublisher;
import io.mmate.PublishOptions;
import io.mmate.sample.order.contracts.GetOrderQuery;
import io.mmate.sample.order.contracts.OrderItem;
import io.mmate.sample.order.contracts.PlaceOrderCommand;
import io.mmate.testsupport.TestBrokerConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
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
@Import({ TestBrokerConfiguration.class, TraceRecorder.class })
class OrderMessagingIntegrationTests {

	private static final String SERVICE = "order-service";

	private static final String DEAD_LETTER_QUEUE = "dlq.order-service-queue";

	private static final long RECEIVE_TIMEOUT = 10_000;

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<String> replyQueues = new ArrayList<>();

	@Autowired
	private MessagePublisher publisher;

	@Autowired
	private OrderRepository orders;

	@Autowired
	private RabbitTemplate rabbitTemplate;

	@Autowired
	private ConnectionFactory connectionFactory;

	private RabbitAdmin admin;

	@BeforeEach
	void createAdmin() {
		this.admin = new RabbitAdmin(this.connectionFactory);
	}

	@AfterEach
	void deleteReplyQueues() {
		this.replyQueues.forEach(this.admin::deleteQueue);
	}

	@Test
	void aQueryForAKnownOrderIsAnsweredWithAnOrderReply() throws Exception {
		String orderId = newId();
		this.orders.save(new Order(orderId, "customer-q", new BigDecimal("42.50"), List.of(), Order.PLACED));
		String replyQueue = declareReplyQueue();
		String correlationId = newId();

		this.publisher.sendQuery(new GetOrderQuery(orderId),
				PublishOptions.defaults().withReplyTo(replyQueue).withCorrelationId(correlationId)).get();

		JsonNode reply = receiveJson(replyQueue);
		assertThat(reply.get("type").asString()).isEqualTo("OrderReply");
		assertThat(reply.get("correlationId").asString()).isEqualTo(correlationId);
		assertThat(reply.get("headers").get("x-message-kind").asString()).isEqualTo("reply");
		JsonNode payload = reply.get("payload");
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
		String replyQueue = declareReplyQueue();
		String correlationId = newId();

		this.publisher.sendQuery(new GetOrderQuery("no-such-order"),
				PublishOptions.defaults().withReplyTo(replyQueue).withCorrelationId(correlationId)).get();

		JsonNode reply = receiveJson(replyQueue);
		// The declared reply type, so that a requester bound to OrderReply (a typed Go requester) can read it.
		assertThat(reply.get("type").asString()).isEqualTo("OrderReply");
		assertThat(reply.get("correlationId").asString()).isEqualTo(correlationId);
		JsonNode payload = reply.get("payload");
		assertThat(payload.get("success").asBoolean()).isFalse();
		assertThat(payload.get("errorCode").asString()).isEqualTo("ORDER_NOT_FOUND");
		assertThat(payload.get("errorMessage").asString()).contains("no-such-order");
		assertThat(payload.get("error").asString()).isEqualTo(payload.get("errorMessage").asString());
		assertThat(reply.get("headers").get("x-success").asString()).isEqualTo("false");
	}

	@Test
	void aCommandWithAReplyAddressIsAnsweredWithAPlaceOrderReply() throws Exception {
		String orderId = newId();
		String replyQueue = declareReplyQueue();
		String correlationId = newId();

		this.publisher.sendCommand(placeOrder(orderId), SERVICE,
				PublishOptions.defaults().withReplyTo(replyQueue).withCorrelationId(correlationId)).get();

		JsonNode reply = receiveJson(replyQueue);
		assertThat(reply.get("type").asString()).isEqualTo("PlaceOrderReply");
		assertThat(reply.get("correlationId").asString()).isEqualTo(correlationId);
		JsonNode payload = reply.get("payload");
		assertThat(payload.get("success").asBoolean()).isTrue();
		assertThat(payload.get("orderId").asString()).isEqualTo(orderId);
		assertThat(payload.get("status").asString()).isEqualTo(Order.PLACED);
		assertThat(this.orders.findById(orderId)).isPresent();
	}

	@Test
	void anInvalidCommandIsAnsweredWithValidationFailedNamingTheFieldsAndTheNextIsStillHandled() throws Exception {
		String orderId = newId();
		String replyQueue = declareReplyQueue();
		PlaceOrderCommand invalid = new PlaceOrderCommand(orderId, " ", new BigDecimal("-5"),
				List.of(new OrderItem("SKU-7", -1, new BigDecimal("7.00"))));

		this.publisher.sendCommand(invalid, SERVICE, PublishOptions.defaults().withReplyTo(replyQueue)).get();

		JsonNode payload = receiveJson(replyQueue).get("payload");
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
		this.admin.purgeQueue(DEAD_LETTER_QUEUE, false);
		byte[] poison = "not json".getBytes(StandardCharsets.UTF_8);
		MessageProperties properties = new MessageProperties();
		properties.setContentType(MessageProperties.CONTENT_TYPE_TEXT_PLAIN);
		this.rabbitTemplate.send("mmate.commands", "cmd.order-service.PlaceOrderCommand",
				new Message(poison, properties));

		// Drains the dead-letter queue up to the poison message, so later runs start from an empty queue.
		Message deadLetter = await().atMost(TIMEOUT)
			.until(() -> this.rabbitTemplate.receive(DEAD_LETTER_QUEUE, 1000),
					(received) -> received != null && Arrays.equals(received.getBody(), poison));
		Map<String, Object> headers = deadLetter.getMessageProperties().getHeaders();
		assertThat(headers.get("x-mmate-dead-letter-reason")).hasToString("undecodable");
		assertThat(headers.get("x-mmate-original-queue")).hasToString("order-service-queue");

		String orderId = newId();
		this.publisher.sendCommand(placeOrder(orderId), SERVICE).get();
		await().atMost(TIMEOUT).until(() -> this.orders.findById(orderId).isPresent());
	}

	private String declareReplyQueue() {
		String name = "bridge.reply." + UUID.randomUUID().toString().substring(0, 8);
		this.admin.declareQueue(new Queue(name, false, true, true));
		this.replyQueues.add(name);
		return name;
	}

	private JsonNode receiveJson(String queue) {
		Message reply = this.rabbitTemplate.receive(queue, RECEIVE_TIMEOUT);
		assertThat(reply).as("reply on '%s' within %d ms", queue, RECEIVE_TIMEOUT).isNotNull();
		return this.json.readTree(reply.getBody());
	}

	private static PlaceOrderCommand placeOrder(String orderId) {
		return new PlaceOrderCommand(orderId, "customer-m", new BigDecimal("7.00"),
				List.of(new OrderItem("SKU-7", 1, new BigDecimal("7.00"))));
	}

	private static String newId() {
		return UUID.randomUUID().toString();
	}

}
