package io.mmate.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.mmate.Command;
import io.mmate.ErrorReplyException;
import io.mmate.MessageType;
import io.mmate.MmateHandler;
import io.mmate.PermanentFailureException;
import io.mmate.Query;
import io.mmate.Reply;
import io.mmate.bridge.BridgeRequester;
import io.mmate.testsupport.TcpProxy;
import io.mmate.testsupport.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The shapes Mmate's Go services put on the wire, as its source writes them, against a Java service on a real broker:
 * the reply address only in a header, commands and queries published on {@code mmate.messages}, replies sent back
 * through {@code mmate.messages}, and error replies a typed Go requester can read.
 */
class GoInteropIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final String service = IntegrationTestSupport.uniqueServiceName("go-interop-it");

	private final JsonMapper json = JsonMapper.builder().build();

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	@Test
	void commandWithItsReplyAddressOnlyInAHeaderIsAnsweredThere() {
		responder().run((context) -> {
			RabbitTemplate rabbit = context.getBean(RabbitTemplate.class);
			for (String header : new String[] { "x-reply-to", "reply-to", "replyTo" }) {
				String replyQueue = declareReplyQueue(rabbit);
				String correlationId = UUID.randomUUID().toString();
				rabbit.send("mmate.commands", "cmd." + this.service + ".ReserveStock",
						goMessage("ReserveStock", "command", correlationId, Map.of(header, replyQueue),
								Map.of("sku", "SKU-1", "quantity", 2, "targetService", this.service)));
				JsonNode reply = receiveJson(rabbit, replyQueue);
				assertThat(reply.get("correlationId").asString()).as(header).isEqualTo(correlationId);
				assertThat(reply.get("type").asString()).isEqualTo("StockReply");
				assertThat(reply.get("payload").get("available").asInt()).isEqualTo(7);
			}
			assertThat(context.getBean(StockHandlers.class).reserved.get()).isEqualTo(3);
		});
	}

	@Test
	void commandAndQueryPublishedOnTheGenericExchangeWithGosRoutingKeysAreHandledAndAnswered() {
		responder().run((context) -> {
			RabbitTemplate rabbit = context.getBean(RabbitTemplate.class);
			String replyQueue = declareReplyQueue(rabbit);
			// Go's request/reply client: Publish(msg, WithReplyTo(queue), WithCorrelationID(id)) to mmate.messages.
			rabbit.send("mmate.messages", "cmd." + this.service + ".ReserveStock", goMessage("ReserveStock", "command",
					"go-cmd-1", Map.of("reply-to", replyQueue),
					Map.of("sku", "SKU-2", "quantity", 1, "targetService", this.service)));
			JsonNode commandReply = receiveJson(rabbit, replyQueue);
			assertThat(commandReply.get("correlationId").asString()).isEqualTo("go-cmd-1");
			assertThat(commandReply.get("payload").get("sku").asString()).isEqualTo("SKU-2");
			assertThat(context.getBean(StockHandlers.class).reserved.get()).isEqualTo(1);
			// A Go query always has payload.replyTo, empty when the address is in a header.
			rabbit.send("mmate.messages", "qry.CheckStock", goMessage("CheckStock", "query", "go-qry-1",
					Map.of("reply-to", replyQueue), Map.of("sku", "SKU-3", "replyTo", "")));
			JsonNode queryReply = receiveJson(rabbit, replyQueue);
			assertThat(queryReply.get("correlationId").asString()).isEqualTo("go-qry-1");
			assertThat(queryReply.get("payload").get("available").asInt()).isEqualTo(3);
		});
	}

	@Test
	void replyAddressLongerThanAQueueNameIsDeadLetteredNamingTheHeader() {
		responder().run((context) -> {
			RabbitTemplate rabbit = context.getBean(RabbitTemplate.class);
			rabbit.send("mmate.commands", "cmd." + this.service + ".ReserveStock", goMessage("ReserveStock", "command",
					"go-cmd-2", Map.of("replyTo", "r".repeat(256)),
					Map.of("sku", "SKU-4", "quantity", 1, "targetService", this.service)));
			Message deadLetter = rabbit.receive("dlq." + this.service + "-queue", 10_000);
			assertThat(deadLetter).isNotNull();
			assertThat(deadLetter.getMessageProperties().getHeaders())
				.containsEntry("x-mmate-dead-letter-reason", "undecodable");
			assertThat(String.valueOf(deadLetter.getMessageProperties().getHeaders()
				.get("x-mmate-dead-letter-description"))).contains("header 'replyTo' is 256 UTF-8 bytes long");
			assertThat(context.getBean(StockHandlers.class).reserved.get()).isZero();
		});
	}

	@Test
	void failureOfAHandlerDeclaredToReturnItsReplyClassIsAnsweredAsThatClass() {
		responder().run((context) -> {
			RabbitTemplate rabbit = context.getBean(RabbitTemplate.class);
			String replyQueue = declareReplyQueue(rabbit);
			rabbit.send("mmate.commands", "cmd." + this.service + ".ReserveStock", goMessage("ReserveStock", "command",
					"go-cmd-3", Map.of(), Map.of("sku", "SKU-5", "quantity", -1, "replyTo", replyQueue,
							"targetService", this.service)));
			JsonNode reply = receiveJson(rabbit, replyQueue);
			assertThat(reply.get("type").asString()).isEqualTo("StockReply");
			assertThat(reply.get("correlationId").asString()).isEqualTo("go-cmd-3");
			assertThat(reply.get("headers").get("x-success").asString()).isEqualTo("false");
			assertThat(this.json.writeValueAsString(reply.get("payload"))).isEqualTo("{\"error\":\"no stock for -1\","
					+ "\"errorCode\":\"HANDLER_FAILED\",\"errorMessage\":\"no stock for -1\",\"success\":false}");
		});
	}

	@Test
	void failureOfAHandlerDeclaredToReturnReplyIsAnsweredWithAnErrorReply() {
		responder().run((context) -> {
			RabbitTemplate rabbit = context.getBean(RabbitTemplate.class);
			String replyQueue = declareReplyQueue(rabbit);
			rabbit.send("mmate.queries", "qry.CheckStock", goMessage("CheckStock", "query", "go-qry-2", Map.of(),
					Map.of("sku", "", "replyTo", replyQueue)));
			JsonNode reply = receiveJson(rabbit, replyQueue);
			assertThat(reply.get("type").asString()).isEqualTo("ErrorReply");
			assertThat(reply.get("headers").get("x-success").asString()).isEqualTo("false");
			assertThat(this.json.writeValueAsString(reply.get("payload"))).isEqualTo("{\"error\":\"no sku\","
					+ "\"errorCode\":\"HANDLER_FAILED\",\"errorMessage\":\"no sku\",\"success\":false}");
		});
	}

	@Test
	void javaRequesterGetsAnErrorReplyExceptionForATypedFailureReply() {
		responder().run((responding) -> IntegrationTestSupport.runner().run((requesting) -> {
			BridgeRequester requester = requesting.getBean(BridgeRequester.class);
			assertThatExceptionOfType(ErrorReplyException.class)
				.isThrownBy(() -> requester.requestAndWait(new ReserveStock("SKU-6", -2), this.service,
						StockReply.class, TIMEOUT))
				.satisfies((ex) -> {
					assertThat(ex.getErrorCode()).isEqualTo("HANDLER_FAILED");
					assertThat(ex.getErrorMessage()).isEqualTo("no stock for -2");
				});
			assertThat(requester.requestAndWait(new ReserveStock("SKU-6", 2), this.service, StockReply.class, TIMEOUT)
				.available()).isEqualTo(7);
		}));
	}

	@Test
	void repliesOfAGoResponderThroughTheGenericExchangeReachTheRequesterAlsoAfterAReconnect() throws Exception {
		CachingConnectionFactory goConnection = TestBroker.connectionFactory();
		try (TcpProxy proxy = TcpProxy.toTestBroker()) {
			RabbitTemplate go = new RabbitTemplate(goConnection);
			RabbitAdmin admin = new RabbitAdmin(go);
			String goQueue = declareReplyQueue(go);
			admin.declareExchange(new TopicExchange("mmate.queries", true, false));
			admin.declareBinding(new Binding(goQueue, Binding.DestinationType.QUEUE, "mmate.queries",
					"qry.GoStockQuery", null));
			IntegrationTestSupport.runner()
				.withPropertyValues("spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + proxy.port())
				.run((context) -> {
					BridgeRequester requester = context.getBean(BridgeRequester.class);
					assertThat(requestAnsweredByGo(requester, go, goQueue, 4).available()).isEqualTo(4);
					assertThatExceptionOfType(ExecutionException.class)
						.isThrownBy(() -> requestAnsweredByGo(requester, go, goQueue, -1))
						.havingCause()
						.isInstanceOfSatisfying(ErrorReplyException.class, (ex) -> {
							assertThat(ex.getErrorCode()).isEqualTo("OUT_OF_STOCK");
							assertThat(ex.getErrorMessage()).isEqualTo("none left");
						});
					proxy.cutConnections();
					// The reply queue, and its binding, come back with the connection.
					StockReply afterCut = await().atMost(Duration.ofSeconds(30))
						.ignoreExceptions()
						.until(() -> requestAnsweredByGo(requester, go, goQueue, 5), (reply) -> reply != null);
					assertThat(afterCut.available()).isEqualTo(5);
				});
		}
		finally {
			goConnection.destroy();
		}
	}

	// Plays Go's request/reply server: takes the query, answers through mmate.messages, routed by payload.replyTo,
	// with the expected reply type, or with a typed error reply as contracts.NewErrorReply("StockReply", ...)
	// writes it.
	private StockReply requestAnsweredByGo(BridgeRequester requester, RabbitTemplate go, String goQueue, int available)
			throws Exception {
		String sku = UUID.randomUUID().toString();
		CompletableFuture<StockReply> reply = requester.request(new GoStockQuery(sku), StockReply.class,
				Duration.ofSeconds(5));
		JsonNode query = receiveQuery(go, goQueue, sku);
		String replyTo = query.get("payload").get("replyTo").asString();
		Map<String, Object> payload = (available >= 0) ? Map.of("available", available, "sku", sku, "success", true)
				: Map.of("error", "none left", "errorCode", "OUT_OF_STOCK", "errorMessage", "none left", "success",
						false);
		go.send("mmate.messages", replyTo, goMessage("StockReply", "reply", query.get("correlationId").asString(),
				Map.of("x-success", String.valueOf(available >= 0)), payload));
		return reply.get(5, TimeUnit.SECONDS);
	}

	// Skips queries of earlier attempts that a reconnect left behind or sent twice.
	private JsonNode receiveQuery(RabbitTemplate go, String goQueue, String sku) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			Message message = go.receive(goQueue, 1000);
			if (message != null) {
				JsonNode query = this.json.readTree(message.getBody());
				if (sku.equals(query.get("payload").get("sku").asString())) {
					return query;
				}
			}
		}
		throw new IllegalStateException("No query for " + sku + " on " + goQueue);
	}

	private ApplicationContextRunner responder() {
		return IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service)
			.withBean(StockHandlers.class);
	}

	// The envelope as Go's envelope factory and publisher write it, with its headers in the AMQP table too.
	private Message goMessage(String type, String kind, String correlationId, Map<String, String> extraHeaders,
			Map<String, Object> payload) {
		String id = UUID.randomUUID().toString();
		Map<String, Object> headers = new TreeMap<>(extraHeaders);
		headers.put("x-message-type", type);
		headers.put("x-message-id", id);
		headers.put("x-message-kind", kind);
		headers.put("x-correlation-id", correlationId);
		headers.put("x-source", "mmate-go");
		headers.put("x-version", "1.0");
		headers.put("message-id", id);
		headers.put("message-type", type);
		headers.put("correlation-id", correlationId);
		headers.put("source", "mmate-go");
		ObjectNode body = this.json.createObjectNode();
		body.put("id", id);
		body.put("type", type);
		body.put("timestamp", "2025-07-08T10:31:00Z");
		body.put("correlationId", correlationId);
		body.set("headers", this.json.valueToTree(headers));
		body.set("payload", this.json.valueToTree(new TreeMap<>(payload)));
		MessageProperties properties = new MessageProperties();
		properties.setContentType("application/json");
		headers.forEach(properties::setHeader);
		return new Message(this.json.writeValueAsBytes(body), properties);
	}

	// Exclusive to the template's connection and not auto-deleted, so that it outlives one receive's consumer.
	private static String declareReplyQueue(RabbitTemplate rabbit) {
		String name = "go-interop-it.reply." + UUID.randomUUID().toString().substring(0, 8);
		new RabbitAdmin(rabbit).declareQueue(new Queue(name, false, true, false));
		return name;
	}

	private JsonNode receiveJson(RabbitTemplate rabbit, String queue) {
		Message message = rabbit.receive(queue, 10_000);
		assertThat(message).as("a message on " + queue).isNotNull();
		return this.json.readTree(new String(message.getBody(), StandardCharsets.UTF_8));
	}

	record ReserveStock(String sku, int quantity) implements Command {
	}

	record CheckStock(String sku) implements Query {
	}

	@MessageType("GoStockQuery")
	record GoStockQuery(String sku) implements Query {
	}

	record StockReply(boolean success, String sku, int available) implements Reply {
	}

	static class StockHandlers {

		final AtomicInteger reserved = new AtomicInteger();

		@MmateHandler
		StockReply on(ReserveStock command) {
			if (command.quantity() < 0) {
				throw new PermanentFailureException("no stock for " + command.quantity());
			}
			this.reserved.incrementAndGet();
			return new StockReply(true, command.sku(), 7);
		}

		@MmateHandler
		Reply on(CheckStock query) {
			if (query.sku().isEmpty()) {
				throw new PermanentFailureException("no sku");
			}
			return new StockReply(true, query.sku(), 3);
		}

	}

}
