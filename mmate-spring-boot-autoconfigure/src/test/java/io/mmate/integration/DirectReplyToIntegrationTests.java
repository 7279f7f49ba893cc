package io.mmate.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.mmate.Command;
import io.mmate.ErrorReply;
import io.mmate.ErrorReplyException;
import io.mmate.MessagePublisher;
import io.mmate.MessageRequester;
import io.mmate.MessageType;
import io.mmate.MmateHandler;
import io.mmate.PublishInterceptor;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import io.mmate.Query;
import io.mmate.Reply;
import io.mmate.ReplyChannelClosedException;
import io.mmate.RequestTimeoutException;
import io.mmate.UnroutableMessageException;
import io.mmate.bridge.BridgeRequester;
import io.mmate.metrics.MessagingObservationConventions;
import io.mmate.testsupport.GoEnvelopes;
import io.mmate.testsupport.TcpProxy;
import io.mmate.testsupport.TestBroker;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Request/reply with {@code mmate.requests.reply-to=direct} on a real broker: replies come back by RabbitMQ's direct
 * reply-to to the channel that sent the request, correlated, timed out, failed by error replies, answered by Go-style
 * responders, and failed at once when that channel is lost.
 */
class DirectReplyToIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	// How the RabbitMQ client names the thread that reads a connection's frames.
	private static final String CONNECTION_THREAD = "AMQP Connection";

	private static final String CONFIRMS_THREAD = "mmate-direct-reply-confirms-";

	private static final int REQUESTS = 20;

	private final String responder = IntegrationTestSupport.uniqueServiceName("direct-responder-it");

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.responder);
	}

	@Test
	void queryAndCommandGetTheirRepliesOnTheDirectReplyToChannel() {
		responder().run((responding) -> requester().run((requesting) -> {
			BridgeRequester requester = requesting.getBean(BridgeRequester.class);
			assertThat(requester.requestAndWait(new Ping(5), Echo.class, TIMEOUT).number()).isEqualTo(5);
			assertThat(requester.requestAndWait(new Double(21), this.responder, Echo.class, TIMEOUT).number())
				.isEqualTo(42);
			assertThat(requester.replyQueueName()).startsWith("amq.rabbitmq.reply-to.");
			assertThat(requester.pendingRequests()).isZero();
		}));
	}

	@Test
	void requestsAndTheirPublishesAreMeasuredAsWithTheReplyQueue() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		responder().run((responding) -> requester().withBean(ObservationRegistry.class, () -> observations)
			.run((requesting) -> {
				MessageRequester requester = requesting.getBean(MessageRequester.class);
				requester.requestAndWait(new Ping(3), Echo.class, TIMEOUT);
				assertThatExceptionOfType(ErrorReplyException.class)
					.isThrownBy(() -> requester.requestAndWait(new Ping(-3), Echo.class, TIMEOUT));
				assertThat(meters.get("mmate.requests").tag("outcome", "reply").timer().count()).isOne();
				assertThat(meters.get("mmate.requests").tag("outcome", "error").timer().count()).isOne();
				assertThat(meters.get("mmate.messages.published")
					.tag("messaging.destination.name", "mmate.queries")
					.timer()
					.count()).isEqualTo(2);
			}));
	}

	@Test
	void replyToADirectReplyToAddressIsConfirmedAndNotReportedUnroutable() {
		responder().run((responding) -> requester().run((requesting) -> {
			BridgeRequester requester = requesting.getBean(BridgeRequester.class);
			requester.requestAndWait(new Ping(1), Echo.class, TIMEOUT);
			// RabbitMQ returns a mandatory publish to a direct reply-to address even when it delivers it.
			CompletableFuture<PublishReceipt> sent = responding.getBean(MessagePublisher.class)
				.sendReply(new Echo(true, 2), requester.replyQueueName(),
						PublishOptions.defaults().withCorrelationId("answers-no-request"));
			assertThat(sent).succeedsWithin(TIMEOUT);
			await().atMost(TIMEOUT).until(() -> requester.lateReplies() == 1);
		}));
	}

	@Test
	void errorReplyFailsTheRequestWithItsCodeAndMessage() {
		responder().run((responding) -> requester().run((requesting) -> {
			MessageRequester requester = requesting.getBean(MessageRequester.class);
			assertThatExceptionOfType(ErrorReplyException.class)
				.isThrownBy(() -> requester.requestAndWait(new Ping(-1), Echo.class, TIMEOUT))
				.satisfies((ex) -> {
					assertThat(ex.getErrorCode()).isEqualTo("NEGATIVE");
					assertThat(ex.getErrorMessage()).isEqualTo("-1 is negative");
				});
		}));
	}

	@Test
	void thousandRequestsWithSixtyFourInFlightAreAllAnsweredAndCorrelatedRight() {
		responder().run((responding) -> requester().run((requesting) -> {
			BridgeRequester requester = requesting.getBean(BridgeRequester.class);
			Semaphore inFlight = new Semaphore(64);
			AtomicInteger correlated = new AtomicInteger();
			List<CompletableFuture<Echo>> replies = new ArrayList<>();
			for (int i = 0; i < 1000; i++) {
				inFlight.acquire();
				int number = i;
				replies.add(requester.request(new Ping(number), Echo.class, TIMEOUT).whenComplete((echo, ex) -> {
					inFlight.release();
					if (echo != null && echo.number() == number) {
						correlated.incrementAndGet();
					}
				}));
			}
			CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
			assertThat(correlated.get()).isEqualTo(1000);
			assertThat(requester.pendingRequests()).isZero();
			assertThat(requester.lateReplies()).isZero();
		}));
	}

	@Test
	void timeoutNamesTheRequestAndTheLateReplyIsDroppedAndCounted() {
		responder().run((responding) -> requester().run((requesting) -> {
			Responder handler = responding.getBean(Responder.class);
			handler.slow = new CountDownLatch(1);
			BridgeRequester requester = requesting.getBean(BridgeRequester.class);
			assertThatExceptionOfType(RequestTimeoutException.class)
				.isThrownBy(() -> requester.requestAndWait(new Ping(7), Echo.class, Duration.ofMillis(500)))
				.withMessageContaining("'DirectReplyPing'")
				.withMessageContaining("PT0.5S");
			handler.slow.countDown();
			await().atMost(TIMEOUT).until(() -> requester.lateReplies() == 1);
			assertThat(requester.pendingRequests()).isZero();
		}));
	}

	@Test
	void requestNoQueueIsBoundForFailsAtOnceAsUnroutable() {
		requester().run((requesting) -> {
			BridgeRequester requester = requesting.getBean(BridgeRequester.class);
			CompletableFuture<Echo> reply = requester.request(new Unanswered(1), Echo.class, Duration.ofSeconds(30));
			// The direct reply-to channel is in confirm mode and publishes mandatory, as the publisher's own channel.
			assertThat(reply).failsWithin(TIMEOUT)
				.withThrowableOfType(ExecutionException.class)
				.havingCause()
				.isInstanceOf(UnroutableMessageException.class);
			assertThat(requester.pendingRequests()).isZero();
		});
	}

	@Test
	void withoutInterceptorsOrObservationsAcknowledgedRequestsCompleteOnTheConnectionThreadAndFailedOnesOffIt() {
		Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
		responder().run((responding) -> requester().run((requesting) -> {
			BridgeRequester requester = requesting.getBean(BridgeRequester.class);
			for (int i = 0; i < REQUESTS; i++) {
				assertThat(requester.requestAndWait(new Ping(i), Echo.class, TIMEOUT).number()).isEqualTo(i);
			}
			// The thread that completes publishes off the connection's thread starts with its first task: the
			// acknowledgements, completed where they were read, gave it none.
			assertThat(threadsStartedSince(before, CONFIRMS_THREAD)).isEmpty();
			CompletableFuture<String> failedOn = requester
				.request(new Unanswered(1), Echo.class, Duration.ofSeconds(30))
				.handle((echo, ex) -> Thread.currentThread().getName());
			assertThat(failedOn).succeedsWithin(TIMEOUT).asString().doesNotStartWith(CONNECTION_THREAD);
			// The returned request failed through that thread.
			assertThat(threadsStartedSince(before, CONFIRMS_THREAD)).isNotEmpty();
		}));
	}

	@Test
	void withAnObservationHandlerAcknowledgedRequestsCompleteOffTheConnectionThread() {
		List<String> publishThreads = new CopyOnWriteArrayList<>();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new ThreadRecorder(publishThreads));
		// The handler is the application's: it runs where the publish completes.
		assertRequestsCompleteOffTheConnectionThread(
				requester().withBean(ObservationRegistry.class, () -> observations), publishThreads);
	}

	@Test
	void withAPublishInterceptorAcknowledgedRequestsCompleteOffTheConnectionThread() {
		List<String> continuationThreads = new CopyOnWriteArrayList<>();
		PublishInterceptor interceptor = (message, chain) -> chain.proceed(message)
			.whenComplete((receipt, ex) -> continuationThreads.add(Thread.currentThread().getName()));
		assertRequestsCompleteOffTheConnectionThread(
				requester().withBean(PublishInterceptor.class, () -> interceptor), continuationThreads);
	}

	@Test
	void withoutConfirmsRequestsAreAnsweredSentNotConfirmedAndAnUnroutableOneStillFailsAtOnce() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		responder().run((responding) -> requester().withPropertyValues("mmate.requests.direct-confirms=false")
			.withBean(ObservationRegistry.class, () -> observations)
			.run((requesting) -> {
				BridgeRequester requester = requesting.getBean(BridgeRequester.class);
				assertThat(requester.requestAndWait(new Ping(5), Echo.class, TIMEOUT).number()).isEqualTo(5);
				assertThat(requester.requestAndWait(new Double(4), this.responder, Echo.class, TIMEOUT).number())
					.isEqualTo(8);
				// Written, not confirmed: the broker sent no confirm for it.
				assertThat(meters.get("mmate.messages.published").tag("outcome", "sent").timers())
					.hasSize(2)
					.allSatisfy((timer) -> assertThat(timer.count()).isOne());
				assertThat(meters.find("mmate.messages.published").tag("outcome", "confirmed").timers()).isEmpty();
				// Far sooner than its own timeout: the broker returned it, and the return fails it.
				CompletableFuture<Echo> unanswered = requester.request(new Unanswered(1), Echo.class,
						Duration.ofSeconds(60));
				assertThat(unanswered).failsWithin(TIMEOUT)
					.withThrowableOfType(ExecutionException.class)
					.havingCause()
					.isInstanceOf(UnroutableMessageException.class)
					.withMessageContaining("NO_ROUTE");
				assertThat(requester.pendingRequests()).isZero();
			}));
	}

	@Test
	void withoutConfirmsRequestsWaitingWhenTheConnectionIsCutFailAtOnce() throws Exception {
		try (TcpProxy proxy = TcpProxy.toTestBroker()) {
			responder().run((responding) -> requester()
				.withPropertyValues("mmate.requests.direct-confirms=false", "spring.rabbitmq.host=127.0.0.1",
						"spring.rabbitmq.port=" + proxy.port())
				.run((requesting) -> cutWhileARequestWaits(requesting.getBean(BridgeRequester.class),
						responding.getBean(Responder.class), proxy)));
		}
	}

	@Test
	void goResponderReplyingOnTheDefaultExchangeReachesTheRequester() {
		requester().run((requesting) -> {
			BridgeRequester requester = requesting.getBean(BridgeRequester.class);
			RabbitTemplate rabbit = requesting.getBean(RabbitTemplate.class);
			RabbitAdmin admin = new RabbitAdmin(rabbit);
			String goQueue = admin.declareQueue().getName();
			admin.declareBinding(new Binding(goQueue, Binding.DestinationType.QUEUE, "mmate.queries",
					"qry.DirectReplyGoOrder", null));
			CompletableFuture<GoOrderReply> reply = requester.request(new GoOrder("ORD-20250708-0042"),
					GoOrderReply.class, TIMEOUT);
			// Play Go's responder: it reads the reply address from payload.replyTo and publishes the reply on the
			// default exchange with that routing key.
			Message query = rabbit.receive(goQueue, TIMEOUT.toMillis());
			assertThat(query).isNotNull();
			JsonNode envelope = JSON.readTree(query.getBody());
			String replyTo = envelope.get("payload").get("replyTo").asString();
			assertThat(replyTo).startsWith("amq.rabbitmq.reply-to.");
			String goReply = new String(GoEnvelopes.fixture("reply.json"), StandardCharsets.UTF_8)
				.replace("d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6", envelope.get("correlationId").asString());
			rabbit.send("", replyTo, GoEnvelopes.delivery(goReply.getBytes(StandardCharsets.UTF_8)));
			GoOrderReply answer = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			assertThat(answer.orderId()).isEqualTo("ORD-20250708-0042");
			assertThat(answer.status()).isEqualTo("CONFIRMED");
		});
	}

	@Test
	void starterRespondsToAGoQueryWhoseReplyAddressIsADirectReplyToAddress() {
		responder().run((responding) -> {
			CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();
			try (Connection connection = connectionFactory.getRabbitConnectionFactory().newConnection()) {
				Channel channel = connection.createChannel();
				BlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
				channel.basicConsume("amq.rabbitmq.reply-to", true,
						(tag, delivery) -> replies.add(delivery.getBody()), (tag) -> {
						});
				// Go's query as recorded, with a type only this test's responder is bound to; its reply address
				// is the AMQP reply-to property the broker rewrites to this channel's direct reply-to address.
				byte[] goQuery = new String(GoEnvelopes.fixture("query-reply-to-header.json"), StandardCharsets.UTF_8)
					.replace("GetOrderQuery", "DirectReplyGetOrder")
					.replace("\"reply-to\":\"reply.6f7a8b9c\",", "")
					.getBytes(StandardCharsets.UTF_8);
				AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
					.deliveryMode(2)
					.headers(GoEnvelopes.delivery(goQuery).getMessageProperties().getHeaders())
					.replyTo("amq.rabbitmq.reply-to")
					.build();
				channel.basicPublish("mmate.queries", "qry.DirectReplyGetOrder", properties, goQuery);
				byte[] reply = replies.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				assertThat(reply).isNotNull();
				JsonNode envelope = JSON.readTree(reply);
				assertThat(envelope.get("correlationId").asString()).isEqualTo("c9d0e1f2-a3b4-4c5d-8e6f-7a8b9c0d1e2f");
				assertThat(envelope.get("payload").get("orderId").asString()).isEqualTo("ORD-20250708-0042");
				assertThat(envelope.get("payload").get("success").asBoolean()).isTrue();
			}
			finally {
				connectionFactory.destroy();
			}
		});
	}

	@Test
	void requestsWaitingWhenTheConnectionIsCutFailAtOnceAndNewRequestsWorkAfterTheReconnect() throws Exception {
		try (TcpProxy proxy = TcpProxy.toTestBroker()) {
			responder().run((responding) -> requester()
				.withPropertyValues("spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + proxy.port())
				.run((requesting) -> {
					BridgeRequester requester = requesting.getBean(BridgeRequester.class);
					assertThat(requester.requestAndWait(new Ping(1), Echo.class, TIMEOUT).number()).isEqualTo(1);
					String before = requester.replyQueueName();
					cutWhileARequestWaits(requester, responding.getBean(Responder.class), proxy)
						.withMessageContaining("'DirectReplyPing'")
						.withMessageContaining(before);
					Echo afterCut = await().atMost(Duration.ofSeconds(30))
						.ignoreExceptions()
						.until(() -> requester.requestAndWait(new Ping(3), Echo.class, Duration.ofSeconds(2)),
								(echo) -> echo != null);
					assertThat(afterCut.number()).isEqualTo(3);
					assertThat(requester.replyQueueName()).startsWith("amq.rabbitmq.reply-to.").isNotEqualTo(before);
					assertThat(requester.pendingRequests()).isZero();
				}));
		}
	}

	/**
	 * Records the thread each publish observation stops on: the thread that completes the publish's future.
	 */
	private record ThreadRecorder(List<String> threads) implements ObservationHandler<Observation.Context> {

		@Override
		public void onStop(Observation.Context context) {
			if (MessagingObservationConventions.PUBLISHED.equals(context.getName())) {
				this.threads.add(Thread.currentThread().getName());
			}
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

	// Sends a request the responder holds on to, cuts the connection under it, and asserts that the request failed
	// far sooner than its own timeout: its reply could never arrive.
	private static ThrowableAssertAlternative<?> cutWhileARequestWaits(BridgeRequester requester, Responder handler,
			TcpProxy proxy) {
		int startedBefore = handler.started.get();
		handler.slow = new CountDownLatch(1);
		try {
			CompletableFuture<Echo> waiting = requester.request(new Ping(2), Echo.class, Duration.ofSeconds(60));
			await().atMost(TIMEOUT).until(() -> handler.started.get() > startedBefore);
			proxy.cutConnections();
			return assertThat(waiting).failsWithin(TIMEOUT)
				.withThrowableOfType(ExecutionException.class)
				.havingCause()
				.isInstanceOf(ReplyChannelClosedException.class);
		}
		finally {
			handler.slow.countDown();
			handler.slow = null;
		}
	}

	// The sender's own thread runs a stage itself when the publish completed before the stage was added.
	private void assertRequestsCompleteOffTheConnectionThread(ApplicationContextRunner requesterRunner,
			List<String> completingThreads) {
		responder().run((responding) -> requesterRunner.run((requesting) -> {
			BridgeRequester requester = requesting.getBean(BridgeRequester.class);
			for (int i = 0; i < REQUESTS; i++) {
				assertThat(requester.requestAndWait(new Ping(i), Echo.class, TIMEOUT).number()).isEqualTo(i);
			}
			await().atMost(TIMEOUT).until(() -> completingThreads.size() >= REQUESTS);
			assertThat(completingThreads).anySatisfy((thread) -> assertThat(thread).startsWith(CONFIRMS_THREAD))
				.noneSatisfy((thread) -> assertThat(thread).startsWith(CONNECTION_THREAD));
		}));
	}

	private static List<Thread> threadsStartedSince(Set<Thread> before, String namePrefix) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> !before.contains(thread) && thread.getName().startsWith(namePrefix))
			.toList();
	}

	private ApplicationContextRunner responder() {
		return IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.responder, "mmate.listener.concurrency=4")
			.withBean(Responder.class);
	}

	private ApplicationContextRunner requester() {
		return IntegrationTestSupport.runner().withPropertyValues("mmate.requests.reply-to=direct");
	}

	@MessageType("DirectReplyPing")
	record Ping(int number) implements Query {
	}

	@MessageType("DirectReplyDouble")
	record Double(int number) implements Command {
	}

	@MessageType("DirectReplyUnanswered")
	record Unanswered(int number) implements Query {
	}

	@MessageType("DirectReplyEcho")
	record Echo(boolean success, int number) implements Reply {
	}

	@MessageType("DirectReplyGoOrder")
	record GoOrder(String orderId) implements Query {
	}

	@MessageType("DirectReplyGetOrder")
	record GetOrder(String orderId) implements Query {
	}

	@MessageType("DirectReplyOrder")
	record GoOrderReply(boolean success, String orderId, String status) implements Reply {
	}

	static class Responder {

		final AtomicInteger started = new AtomicInteger();

		volatile CountDownLatch slow;

		@MmateHandler
		Reply on(Ping ping) throws InterruptedException {
			this.started.incrementAndGet();
			CountDownLatch latch = this.slow;
			if (latch != null) {
				// Simulated slow work that outlasts the requester's timeout, or its connection.
				latch.await(10, TimeUnit.SECONDS);
			}
			return (ping.number() < 0) ? ErrorReply.of("NEGATIVE", ping.number() + " is negative")
					: new Echo(true, ping.number());
		}

		@MmateHandler
		Echo on(Double command) {
			return new Echo(true, command.number() * 2);
		}

		@MmateHandler
		GoOrderReply on(GetOrder query) {
			return new GoOrderReply(true, query.orderId(), "CONFIRMED");
		}

	}

}
