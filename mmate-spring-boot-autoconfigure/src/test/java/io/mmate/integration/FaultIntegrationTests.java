package io.mmate.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.mmate.Command;
import io.mmate.MessagePublisher;
import io.mmate.MmateHandler;
import io.mmate.PublishReceipt;
import io.mmate.testsupport.TcpProxy;
import io.mmate.testsupport.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Faults on a real broker, counted: connections cut by a proxy, a broker restart, an application shutdown with
 * handlers in flight, and a consumer that dies with unacknowledged messages. Nothing may be lost; duplicates are
 * counted and printed.
 */
class FaultIntegrationTests {

	private static final int MESSAGES = 10_000;

	private final String service = IntegrationTestSupport.uniqueServiceName("fault-it");

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	@Test
	void nothingIsLostWhenConnectionsAreCutWhilePublishingAndConsuming() throws Exception {
		try (TcpProxy proxy = TcpProxy.toTestBroker()) {
			runner().withPropertyValues("spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + proxy.port())
				.run((context) -> {
					Counter counter = context.getBean(Counter.class);
					List<CompletableFuture<PublishReceipt>> confirms = publish(context.getBean(MessagePublisher.class),
							0, (sent) -> {
								if (sent % 2500 == 0 && sent > 0) {
									proxy.cutConnections();
								}
							});
					CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
					await().atMost(Duration.ofSeconds(120)).until(() -> counter.distinct() == MESSAGES);
					report("connection cut " + proxy.cuts() + " times", counter);
					assertThat(counter.distinct()).isEqualTo(MESSAGES);
				});
		}
	}

	@Test
	void nothingIsLostWhenTheBrokerRestartsWhilePublishingAndConsuming() {
		assumeTrue(TestBroker.controllable(), "needs rabbitmqctl of the local broker");
		runner().withPropertyValues("mmate.publisher.recovery-timeout=90s").run((context) -> {
			Counter counter = context.getBean(Counter.class);
			List<CompletableFuture<PublishReceipt>> confirms = publish(context.getBean(MessagePublisher.class), 0,
					(sent) -> {
						if (sent == MESSAGES / 2) {
							assertThat(TestBroker.rabbitmqctl("stop_app")).isTrue();
							assertThat(TestBroker.rabbitmqctl("start_app")).isTrue();
						}
					});
			CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(120)).until(() -> counter.distinct() == MESSAGES);
			report("broker restarted half-way", counter);
			assertThat(counter.distinct()).isEqualTo(MESSAGES);
		});
	}

	@Test
	void shutdownLetsInFlightHandlersFinishAndAcksNothingUnhandled() {
		ApplicationContextRunner runner = runner().withPropertyValues("mmate.listener.shutdown-timeout=10s");
		runner.run((context) -> {
			Counter counter = context.getBean(Counter.class);
			counter.slow = new CountDownLatch(1);
			context.getBean(MessagePublisher.class).sendCommand(new Numbered(1), this.service).get();
			await().atMost(Duration.ofSeconds(10)).until(() -> counter.started.get() == 1);
			Thread closer = new Thread(context::close);
			closer.start();
			// The handler is still running while the application stops; let it finish.
			counter.slow.countDown();
			closer.join(30_000);
			assertThat(counter.distinct()).isEqualTo(1);
		});
		assertThat(queueDepth()).as("the handled message was acknowledged").isZero();
		runner.withPropertyValues("mmate.listener.shutdown-timeout=200ms").run((context) -> {
			Counter counter = context.getBean(Counter.class);
			counter.slow = new CountDownLatch(1);
			context.getBean(MessagePublisher.class).sendCommand(new Numbered(2), this.service).get();
			await().atMost(Duration.ofSeconds(10)).until(() -> counter.started.get() == 1);
			context.close();
			counter.slow.countDown();
		});
		assertThat(queueDepth()).as("the unfinished message stays in the queue").isEqualTo(1);
	}

	@Test
	void unacknowledgedMessagesOfADeadConsumerGoToAnotherInstance() throws Exception {
		try (TcpProxy proxy = TcpProxy.toTestBroker()) {
			runner().withPropertyValues("spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + proxy.port())
				.run((doomed) -> {
					Counter doomedCounter = doomed.getBean(Counter.class);
					doomedCounter.slow = new CountDownLatch(1);
					MessagePublisher publisher = doomed.getBean(MessagePublisher.class);
					for (int i = 0; i < 20; i++) {
						publisher.sendCommand(new Numbered(i), this.service).get();
					}
					await().atMost(Duration.ofSeconds(10)).until(() -> doomedCounter.started.get() == 1);
					// The instance dies: its connection is gone and it never comes back.
					proxy.close();
					runner().run((survivor) -> {
						Counter counter = survivor.getBean(Counter.class);
						await().atMost(Duration.ofSeconds(30)).until(() -> counter.distinct() == 20);
						System.out.printf("consumer killed holding %d unacknowledged: the other instance handled %d%n",
								20, counter.distinct());
					});
					doomedCounter.slow.countDown();
				});
		}
	}

	@Test
	void messageThatKeepsKillingItsConsumerIsDeadLetteredAtTheDeliveryLimit() throws Exception {
		try (TcpProxy proxy = TcpProxy.toTestBroker()) {
			runner().withPropertyValues("spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + proxy.port(),
					"mmate.queue.delivery-limit=3")
				.run((context) -> {
					Counter counter = context.getBean(Counter.class);
					counter.slow = new CountDownLatch(1);
					context.getBean(MessagePublisher.class).sendCommand(new Numbered(7), this.service).get();
					RabbitTemplate direct = new RabbitTemplate(TestBroker.connectionFactory());
					try {
						org.springframework.amqp.core.Message deadLetter = null;
						for (int crash = 1; crash <= 5 && deadLetter == null; crash++) {
							int expected = crash;
							await().atMost(Duration.ofSeconds(30)).until(() -> counter.started.get() >= expected);
							// The handler "crashes the process": its connection dies with the message unacknowledged.
							proxy.cutConnections();
							deadLetter = direct.receive("dlq." + this.service + "-queue", (crash < 3) ? 100 : 15_000);
						}
						assertThat(deadLetter).isNotNull();
						assertThat((String) deadLetter.getMessageProperties().getHeader("x-mmate-dead-letter-reason"))
							.isEqualTo("delivery-limit");
						System.out.printf("poison message dead-lettered after %d deliveries%n", counter.started.get());
						assertThat(counter.started.get()).isEqualTo(3);
					}
					finally {
						counter.slow.countDown();
						((org.springframework.amqp.rabbit.connection.CachingConnectionFactory) direct.getConnectionFactory())
							.destroy();
					}
				});
		}
	}

	private ApplicationContextRunner runner() {
		return IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.retry.delays=")
			.withBean(Counter.class);
	}

	private List<CompletableFuture<PublishReceipt>> publish(MessagePublisher publisher, int from,
			java.util.function.IntConsumer afterEach) {
		List<CompletableFuture<PublishReceipt>> confirms = new ArrayList<>(MESSAGES);
		for (int i = from; i < from + MESSAGES; i++) {
			confirms.add(publisher.sendCommand(new Numbered(i), this.service));
			afterEach.accept(i + 1 - from);
		}
		return confirms;
	}

	private long queueDepth() {
		org.springframework.amqp.rabbit.connection.CachingConnectionFactory connectionFactory = TestBroker
			.connectionFactory();
		try {
			return new RabbitAdmin(new RabbitTemplate(connectionFactory)).getQueueInfo(this.service + "-queue")
				.getMessageCount();
		}
		finally {
			connectionFactory.destroy();
		}
	}

	private static void report(String scenario, Counter counter) {
		System.out.printf("%s: published=%d distinct handled=%d lost=%d duplicates=%d%n", scenario, MESSAGES,
				counter.distinct(), MESSAGES - counter.distinct(), counter.duplicates());
	}

	record Numbered(int number) implements Command {
	}

	static class Counter {

		final Map<Integer, AtomicInteger> handled = new ConcurrentHashMap<>();

		final AtomicInteger started = new AtomicInteger();

		volatile CountDownLatch slow;

		@MmateHandler
		void on(Numbered message) throws InterruptedException {
			this.started.incrementAndGet();
			CountDownLatch latch = this.slow;
			if (latch != null) {
				// Simulated work that lasts until the test lets it finish.
				latch.await(30, TimeUnit.SECONDS);
			}
			this.handled.computeIfAbsent(message.number(), (key) -> new AtomicInteger()).incrementAndGet();
		}

		int distinct() {
			return this.handled.size();
		}

		int duplicates() {
			return this.handled.values().stream().mapToInt((count) -> count.get() - 1).sum();
		}

	}

}
