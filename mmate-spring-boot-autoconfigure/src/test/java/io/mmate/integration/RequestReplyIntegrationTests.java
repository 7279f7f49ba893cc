package io.mmate.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.mmate.Command;
import io.mmate.ErrorReply;
import io.mmate.ErrorReplyException;
import io.mmate.MessagePublisher;
import io.mmate.MessageRequester;
import io.mmate.MmateHandler;
import io.mmate.Query;
import io.mmate.Reply;
import io.mmate.RequestTimeoutException;
import io.mmate.bridge.BridgeRequester;
import io.mmate.testsupport.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Request/reply between services on a real broker: correlation under load, timeouts and late replies, error replies,
 * the reply queue after a connection cut, and the Go wire format in both directions.
 */
class RequestReplyIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final String responder = IntegrationTestSupport.uniqueServiceName("responder-it");

	private final JsonMapper json = JsonMapper.builder().build();

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.responder);
	}

	@Test
	void thousandRequestsWithFiftyInFlightAreAllCorrelatedRight() {
		responder().run((responding) -> requester().run((requesting) -> {
			MessageRequester requester = requesting.getBean(MessageRequester.class);
			Semaphore inFlight = new Semaphore(50);
			AtomicInteger correlated = new AtomicInteger();
			AtomicInteger wrong = new AtomicInteger();
			List<CompletableFuture<Echo>> replies = new ArrayList<>();
			for (int i = 0; i < 1000; i++) {
				inFlight.acquire();
				int number = i;
				replies.add(requester.request(new Ping(number), Echo.class, TIMEOUT).whenComplete((echo, ex) -> {
					inFlight.release();
					if (echo != null && echo.number() == number) {
						correlated.incrementAndGet();
					}
					else {
						wrong.incrementAndGet();
					}
				}));
			}
			CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
			System.out.printf("request/reply: sent=1000 correlated=%d wrong-or-lost=%d%n", correlated.get(),
					wrong.get());
			assertThat(correlated.get()).isEqualTo(1000);
			assertThat(requesting.getBean(BridgeRequester.class).pendingRequests()).isZero();
		}));
	}

	@Test
	void commandWithReplyAndErrorReply() {
		responder().run((responding) -> requester().run((requesting) -> {
			MessageRequester requester = requesting.getBean(MessageRequester.class);
			assertThat(requester.requestAndWait(new Double(21), this.responder, Echo.class, TIMEOUT).number())
				.isEqualTo(42);
			assertThatExceptionOfType(ErrorReplyException.class)
				.isThrownBy(() -> requester.requestAndWait(new Ping(-1), Echo.class, TIMEOUT))
				.satisfies((ex) -> {
					assertThat(ex.getErrorCode()).isEqualTo("NEGATIVE");
					assertThat(ex.getErrorMessage()).isEqualTo("-1 is negative");
				});
		}));
	}

	@Test
	void timeoutNamesTypeTargetAndTimeoutAndTheLateReplyIsDroppedAndCounted() {
		responder().run((responding) -> requester().run((requesting) -> {
			Responder handler = responding.getBean(Responder.class);
			handler.slow = new CountDownLatch(1);
			BridgeRequester requester = requesting.getBean(BridgeRequester.class);
			assertThatExceptionOfType(RequestTimeoutException.class)
				.isThrownBy(() -> requester.requestAndWait(new Ping(7), Echo.class, Duration.ofMillis(500)))
				.withMessageContaining("'Ping'")
				.withMessageContaining("'qry.Ping'")
				.withMessageContaining("PT0.5S");
			handler.slow.countDown();
			await().atMost(TIMEOUT).until(() -> requester.lateReplies() == 1);
			assertThat(requester.pendingRequests()).isZero();
		}));
	}

	@Test
	void replyQueueIsCreatedAgainAfterAConnectionCut() throws Exception {
		try (TcpProxy proxy = TcpProxy.toTestBroker()) {
			responder().run((responding) -> requester()
				.withPropertyValues("spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + proxy.port())
				.run((requesting) -> {
					MessageRequester requester = requesting.getBean(MessageRequester.class);
					assertThat(requester.requestAndWait(new Ping(1), Echo.class, TIMEOUT).number()).isEqualTo(1);
					proxy.cutConnections();
					Echo afterCut = await().atMost(Duration.ofSeconds(30))
						.ignoreExceptions()
						.until(() -> requester.requestAndWait(new Ping(2), Echo.class, Duration.ofSeconds(2)),
								(echo) -> echo != null);
					assertThat(afterCut.number()).isEqualTo(2);
				}));
		}
	}

	@Test
	void goRequesterGetsAReplyAndGoResponderIsUnderstood() {
		responder().run((responding) -> {
			RabbitTemplate rabbit = responding.getBean(RabbitTemplate.class);
			String replyQueue = new org.springframework.amqp.rabbit.core.RabbitAdmin(rabbit).declareQueue().getName();
			String goQuery = """
					{"id":"6f1c6d1e-0000-4000-8000-000000000001","type":"Ping","timestamp":"2025-07-08T10:31:00Z",\
					"correlationId":"go-corr-1","headers":{"x-message-kind":"query","x-message-type":"Ping",\
					"x-source":"mmate-go"},"payload":{"number":5,"replyTo":"%s"}}""".formatted(replyQueue);
			rabbit.send("mmate.queries", "qry.Ping",
					new Message(goQuery.getBytes(StandardCharsets.UTF_8), new MessageProperties()));
			Message reply = rabbit.receive(replyQueue, 10_000);
			assertThat(reply).isNotNull();
			String body = new String(reply.getBody(), StandardCharsets.UTF_8);
			assertThat(body).contains("\"correlationId\":\"go-corr-1\"").contains("\"number\":5")
				.contains("\"success\":true");
		});
		requester().run((requesting) -> {
			BridgeRequester requester = requesting.getBean(BridgeRequester.class);
			RabbitTemplate rabbit = requesting.getBean(RabbitTemplate.class);
			// Play the Go responder: take the query from a queue bound to it and answer in the Go layout.
			org.springframework.amqp.rabbit.core.RabbitAdmin admin = new org.springframework.amqp.rabbit.core.RabbitAdmin(
					rabbit);
			org.springframework.amqp.core.Queue goQueue = admin.declareQueue();
			admin.declareBinding(new org.springframework.amqp.core.Binding(goQueue.getName(),
					org.springframework.amqp.core.Binding.DestinationType.QUEUE, "mmate.queries", "qry.GoPing", null));
			CompletableFuture<Echo> reply = requester.request(new GoPing(9), Echo.class, TIMEOUT);
			Message query = rabbit.receive(goQueue.getName(), 10_000);
			String correlationId = new tools.jackson.databind.json.JsonMapper().readTree(query.getBody())
				.get("correlationId")
				.asString();
			String goReply = """
					{"id":"6f1c6d1e-0000-4000-8000-000000000002","type":"Echo","timestamp":"2025-07-08T10:31:01Z",\
					"correlationId":"%s","headers":{"x-message-kind":"reply","x-success":"true",\
					"x-source":"mmate-go"},"payload":{"number":9,"success":true}}""".formatted(correlationId);
			rabbit.send("", requester.replyQueueName(),
					new Message(goReply.getBytes(StandardCharsets.UTF_8), new MessageProperties()));
			assertThat(reply.get(10, TimeUnit.SECONDS).number()).isEqualTo(9);
		});
	}

	@Test
	void withAMinimalHeaderTableRepliesAndErrorRepliesArriveAndQueriesCarryTypeAndKindOnly() {
		String minimal = "mmate.publisher.header-table=minimal";
		responder().withPropertyValues(minimal).run((responding) -> requester().withPropertyValues(minimal)
			.run((requesting) -> {
				MessageRequester requester = requesting.getBean(MessageRequester.class);
				assertThat(requester.requestAndWait(new Double(21), this.responder, Echo.class, TIMEOUT).number())
					.isEqualTo(42);
				// The error reply's x-success travels only in its body now.
				assertThatExceptionOfType(ErrorReplyException.class)
					.isThrownBy(() -> requester.requestAndWait(new Ping(-1), Echo.class, TIMEOUT))
					.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo("NEGATIVE"));
				Message query = takeOne(requesting, "mmate.queries", "qry.DeliveryModePing",
						(asking) -> asking.request(new ModePing(3), Echo.class, Duration.ofSeconds(1)));
				assertThat(query.getMessageProperties().getHeaders()).containsOnly(
						Map.entry("x-message-type", "DeliveryModePing"), Map.entry("x-message-kind", "query"));
				assertThat(query.getMessageProperties().getCorrelationId()).isNotEmpty();
				assertThat(this.json.readTree(query.getBody()).get("headers").get("x-correlation-id").asString())
					.isEqualTo(query.getMessageProperties().getCorrelationId());
			}));
	}

	// Sends a request that a queue of this test's own takes in place of a responder, and returns what it took.
	private Message takeOne(ApplicationContext requesting, String exchange, String routingKey,
			Consumer<MessageRequester> request) {
		RabbitTemplate rabbit = requesting.getBean(RabbitTemplate.class);
		RabbitAdmin admin = new RabbitAdmin(rabbit);
		Queue taken = new Queue(this.responder + "-taken", false, false, false);
		admin.declareQueue(taken);
		try {
			admin.declareBinding(new Binding(taken.getName(), Binding.DestinationType.QUEUE, exchange, routingKey,
					null));
			// Nobody answers: the request times out, which does not matter here.
			request.accept(requesting.getBean(MessageRequester.class));
			Message message = rabbit.receive(taken.getName(), 10_000);
			assertThat(message).as("request on " + taken.getName()).isNotNull();
			return message;
		}
		finally {
			admin.deleteQueue(taken.getName());
		}
	}

	@Test
	void queriesGoOutTransientUnlessConfiguredAndCommandsPersistent() {
		requester().run((requesting) -> assertDeliveryModes(requesting, MessageDeliveryMode.NON_PERSISTENT));
		requester().withPropertyValues("mmate.requests.persistent-queries=true")
			.run((requesting) -> assertDeliveryModes(requesting, MessageDeliveryMode.PERSISTENT));
	}

	private void assertDeliveryModes(ApplicationContext requesting, MessageDeliveryMode queryMode) {
		Message query = takeOne(requesting, "mmate.queries", "qry.DeliveryModePing",
				(requester) -> requester.request(new ModePing(1), Echo.class, Duration.ofSeconds(1)));
		Message command = takeOne(requesting, "mmate.commands", "cmd." + this.responder + ".DeliveryModeCommand",
				(requester) -> requester.request(new ModeCommand(2), this.responder, Echo.class,
						Duration.ofSeconds(1)));
		assertThat(query.getMessageProperties().getHeaders()).containsEntry("x-message-type", "DeliveryModePing");
		assertThat(query.getMessageProperties().getReceivedDeliveryMode()).isEqualTo(queryMode);
		assertThat(command.getMessageProperties().getHeaders()).containsEntry("x-message-type", "DeliveryModeCommand");
		assertThat(command.getMessageProperties().getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
	}

	@Test
	void sendQueryWithoutOptionsAsksForTheReplyOnTheServiceQueueWhereItsHandlerTakesIt() {
		String asker = IntegrationTestSupport.uniqueServiceName("asker-it");
		try {
			responder().run((responding) -> IntegrationTestSupport.runner()
				.withPropertyValues("mmate.service-name=" + asker)
				.withBean(EchoCollector.class)
				.run((asking) -> {
					asking.getBean(MessagePublisher.class).sendQuery(new Ping(5)).get(10, TimeUnit.SECONDS);
					EchoCollector collector = asking.getBean(EchoCollector.class);
					await().atMost(TIMEOUT).until(() -> collector.numbers.contains(5));
				}));
		}
		finally {
			IntegrationTestSupport.deleteServiceQueues(asker);
		}
	}

	@Test
	void sendQueryWithoutOptionsFailsWithoutAServiceQueue() {
		requester().run((requesting) -> assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> requesting.getBean(MessagePublisher.class).sendQuery(new Ping(1)).get())
			.havingCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessageContaining("mmate.service-name"));
	}

	private ApplicationContextRunner responder() {
		return IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.responder, "mmate.listener.concurrency=4")
			.withBean(Responder.class);
	}

	private ApplicationContextRunner requester() {
		return IntegrationTestSupport.runner();
	}

	record Ping(int number) implements Query {
	}

	@io.mmate.MessageType("GoPing")
	record GoPing(int number) implements Query {
	}

	record Double(int number) implements Command {
	}

	@io.mmate.MessageType("DeliveryModePing")
	record ModePing(int number) implements Query {
	}

	@io.mmate.MessageType("DeliveryModeCommand")
	record ModeCommand(int number) implements Command {
	}

	record Echo(boolean success, int number) implements Reply {
	}

	static class EchoCollector {

		final List<Integer> numbers = new CopyOnWriteArrayList<>();

		@MmateHandler
		void on(Echo echo) {
			this.numbers.add(echo.number());
		}

	}

	static class Responder {

		volatile CountDownLatch slow;

		@MmateHandler
		Reply on(Ping ping) throws InterruptedException {
			CountDownLatch latch = this.slow;
			if (latch != null) {
				// Simulated slow work that outlasts the requester's timeout.
				latch.await(10, TimeUnit.SECONDS);
			}
			return (ping.number() < 0) ? ErrorReply.of("NEGATIVE", ping.number() + " is negative")
					: new Echo(true, ping.number());
		}

		// Asynchronous: the request is answered and acknowledged once the future completes.
		@MmateHandler
		CompletableFuture<Echo> on(Double command) {
			return CompletableFuture.supplyAsync(() -> new Echo(true, command.number() * 2));
		}

	}

}
