package io.mmate.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.MessagePublisher;
import io.mmate.MmateHandler;
import io.mmate.PublishReceipt;
import io.mmate.autoconfigure.MmateAutoConfiguration;
import io.mmate.testsupport.TestCluster;
import io.mmate.topology.PartitionTopology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On the local three-node cluster, with {@code mmate.queue.type=quorum}: partitioned handlers keep each key's order
 * across a node's SIGKILL, and a rolling restart of all three nodes under a steady load loses nothing; the longest
 * pause in consumption is printed. Skipped when the cluster is not up.
 */
@Tag("cluster")
@Tag("cluster-heavy")
class ClusterOrderAndRestartIntegrationTests {

	private static final int EVENTS = 10_000;

	private static final int KEYS = 100;

	private static final int RATE = 200;

	private final String service = "cluster-order-" + UUID.randomUUID().toString().substring(0, 8);

	private final List<Integer> down = new CopyOnWriteArrayList<>();

	@BeforeEach
	void clusterIsUp() {
		TestCluster.assumeUp();
	}

	@AfterEach
	void restartNodesAndDeleteQueues() {
		this.down.forEach(TestCluster::startNode);
		CachingConnectionFactory connectionFactory = TestCluster.connectionFactory(this.service + "-cleanup");
		try {
			RabbitAdmin admin = new RabbitAdmin(connectionFactory);
			admin.deleteQueue(this.service + "-queue");
			admin.deleteQueue("dlq." + this.service + "-queue");
			PartitionTopology.queues(this.service + "-queue", 8).forEach(admin::deleteQueue);
			admin.deleteExchange(PartitionTopology.exchange(this.service + "-queue"));
		}
		finally {
			connectionFactory.destroy();
		}
	}

	@Test
	void partitionedHandlersKeepEachKeysOrderAcrossANodeKill() {
		KeyRecorder recorder = new KeyRecorder();
		ApplicationContextRunner instance = runner().withPropertyValues("mmate.partitions.count=8")
			.withBean(KeyRecorder.class, () -> recorder);
		instance.run((first) -> instance.run((second) -> instance.run((third) -> {
			MessagePublisher publisher = third.getBean(MessagePublisher.class);
			List<CompletableFuture<PublishReceipt>> confirms = new ArrayList<>(EVENTS);
			for (int i = 0; i < EVENTS; i++) {
				confirms.add(publisher.publishEvent(new Moved("aggregate-" + (i % KEYS), i / KEYS)));
			}
			await().atMost(Duration.ofSeconds(120)).until(() -> recorder.distinct() >= EVENTS / 3);
			int leader = TestCluster.nodeOfQueueLeader(this.service + "-queue.p0");
			TestCluster.killNode(leader);
			this.down.add(leader);
			CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new))
				.handle((done, ex) -> null)
				.get(120, TimeUnit.SECONDS);
			long unconfirmed = confirms.stream().filter(CompletableFuture::isCompletedExceptionally).count();
			await().atMost(Duration.ofSeconds(180)).until(() -> recorder.distinct() == EVENTS);
			System.out.printf("cluster partitions: %d events over %d keys, 3 instances, killed node %d (leader of "
					+ "partition 0) after %d: handled %d, distinct %d, lost %d, duplicates %d, per-key order "
					+ "violations %d (first handlings), unconfirmed publishes %d%n", EVENTS, KEYS, leader, EVENTS / 3,
					recorder.handled(), recorder.distinct(), EVENTS - recorder.distinct(),
					recorder.handled() - recorder.distinct(), recorder.violations(), unconfirmed);
			assertThat(recorder.violations()).isZero();
			assertThat(recorder.distinct()).isEqualTo(EVENTS);
		})));
	}

	@Test
	void aRollingRestartUnderSteadyLoadLosesNothing() {
		Counter counter = new Counter();
		runner().withBean(Counter.class, () -> counter).run((context) -> {
			MessagePublisher publisher = context.getBean(MessagePublisher.class);
			AtomicBoolean publishing = new AtomicBoolean(true);
			List<CompletableFuture<PublishReceipt>> confirms = new CopyOnWriteArrayList<>();
			CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
				long next = System.nanoTime();
				for (int i = 0; publishing.get(); i++) {
					confirms.add(publisher.sendCommand(new Tick(i), this.service));
					next += 1_000_000_000L / RATE;
					long wait = next - System.nanoTime();
					if (wait > 0) {
						sleepNanos(wait);
					}
				}
			});
			for (int node = 1; node <= TestCluster.SIZE; node++) {
				await().atMost(Duration.ofSeconds(30)).until(() -> counter.handled.size() > 0);
				TestCluster.stopNode(node);
				this.down.add(node);
				TestCluster.startNode(node);
				this.down.remove(Integer.valueOf(node));
			}
			publishing.set(false);
			load.join();
			CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new))
				.handle((done, ex) -> null)
				.get(120, TimeUnit.SECONDS);
			List<Integer> confirmed = new ArrayList<>();
			for (int i = 0; i < confirms.size(); i++) {
				if (!confirms.get(i).isCompletedExceptionally()) {
					confirmed.add(i);
				}
			}
			await().atMost(Duration.ofSeconds(120)).until(() -> counter.handled.keySet().containsAll(confirmed));
			System.out.printf("cluster rolling restart: %d commands at %d/s while the 3 nodes restarted one by one: "
					+ "%d confirmed, %d handled (%d confirmed ones lost), %d failed publishes, %d duplicates, longest "
					+ "pause in consumption %d ms%n", confirms.size(), RATE, confirmed.size(), counter.handled.size(),
					confirmed.stream().filter((i) -> !counter.handled.containsKey(i)).count(),
					confirms.size() - confirmed.size(), counter.calls.get() - counter.handled.size(),
					counter.longestPauseMillis());
			assertThat(counter.handled.keySet()).containsAll(confirmed);
		});
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
					MmateAutoConfiguration.class))
			.withPropertyValues(TestCluster.springProperties())
			.withPropertyValues("spring.rabbitmq.address-shuffle-mode=random", "mmate.service-name=" + this.service,
					"mmate.queue.type=quorum");
	}

	private static void sleepNanos(long nanos) {
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	record Moved(String aggregateId, int sequenceNumber) implements Event {
	}

	record Tick(int number) implements Command {
	}

	/**
	 * Records each key's sequence numbers as first handled: a node's death delivers again what was handled but not
	 * yet acknowledged, and those duplicates are counted apart (idempotent handlers with a shared store drop them).
	 */
	static class KeyRecorder {

		final Map<String, List<Integer>> firstHandled = new ConcurrentHashMap<>();

		final Map<String, Boolean> seen = new ConcurrentHashMap<>();

		final AtomicLong calls = new AtomicLong();

		@MmateHandler(partitioned = true)
		void on(Moved moved) {
			this.calls.incrementAndGet();
			if (this.seen.putIfAbsent(moved.aggregateId() + "#" + moved.sequenceNumber(), Boolean.TRUE) == null) {
				this.firstHandled.computeIfAbsent(moved.aggregateId(), (key) -> new CopyOnWriteArrayList<>())
					.add(moved.sequenceNumber());
			}
		}

		long handled() {
			return this.calls.get();
		}

		long distinct() {
			return this.seen.size();
		}

		int violations() {
			int violations = 0;
			for (List<Integer> numbers : this.firstHandled.values()) {
				for (int i = 1; i < numbers.size(); i++) {
					if (numbers.get(i) < numbers.get(i - 1)) {
						violations++;
					}
				}
			}
			return violations;
		}

	}

	static class Counter {

		final Map<Integer, Boolean> handled = new ConcurrentHashMap<>();

		final AtomicLong calls = new AtomicLong();

		private final AtomicLong last = new AtomicLong();

		private final AtomicLong longestPause = new AtomicLong();

		@MmateHandler
		void on(Tick tick) {
			this.calls.incrementAndGet();
			this.handled.put(tick.number(), Boolean.TRUE);
			long now = System.nanoTime();
			long previous = this.last.getAndSet(now);
			if (previous != 0) {
				this.longestPause.accumulateAndGet(now - previous, Math::max);
			}
		}

		long longestPauseMillis() {
			return this.longestPause.get() / 1_000_000;
		}

	}

}
