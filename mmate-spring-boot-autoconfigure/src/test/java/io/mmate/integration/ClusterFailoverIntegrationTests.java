package io.mmate.integration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.mmate.Command;
import io.mmate.MessagePublisher;
import io.mmate.MessageRequester;
import io.mmate.MessageScheduler;
import io.mmate.MmateHandler;
import io.mmate.Reply;
import io.mmate.TransientFailureException;
import io.mmate.autoconfigure.MmateAutoConfiguration;
import io.mmate.autoconfigure.MmateSchedulingAutoConfiguration;
import io.mmate.testsupport.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionNameStrategy;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On the local three-node cluster ({@code scripts/rabbitmq.sh cluster up}), with {@code mmate.queue.type=quorum}: a
 * SIGKILL of the node that leads the service queue and holds the service's connection, in the middle of 3,000
 * request/reply commands, loses no command; duplicates are counted and printed. The same while messages wait in
 * delayed redelivery and scheduled delivery: all arrive, none early. Skipped when the cluster is not up.
 */
@Tag("cluster")
class ClusterFailoverIntegrationTests {

	private static final int COMMANDS = 3000;

	private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(3);

	private static final int DELAYED = 50;

	// The due time is taken just before the scheduling publish, which the broker receives a moment later.
	private static final long CLOCK_SLACK_MILLIS = 50;

	private final String id = UUID.randomUUID().toString().substring(0, 8);

	private final String service = "failover-" + this.id;

	private final String serviceConnection = "failover-service-" + this.id;

	private final List<Integer> killed = new ArrayList<>();

	@BeforeEach
	void clusterIsUp() {
		TestCluster.assumeUp();
	}

	@AfterEach
	void restartKilledNodesAndDeleteQueues() {
		this.killed.forEach(TestCluster::startNode);
		CachingConnectionFactory connectionFactory = TestCluster.connectionFactory("failover-cleanup-" + this.id);
		try {
			RabbitAdmin admin = new RabbitAdmin(connectionFactory);
			admin.deleteQueue(this.service + "-queue");
			admin.deleteQueue("dlq." + this.service + "-queue");
		}
		finally {
			connectionFactory.destroy();
		}
	}

	@Test
	void everyCommandIsAnsweredWhenTheServiceNodeDies() {
		runner(TestCluster.springAddresses(), this.serviceConnection)
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.queue.type=quorum")
			.withBean(Responder.class)
			.run((service) -> {
				await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
					.until(() -> TestCluster.nodeOfQueueLeader(this.service + "-queue") > 0);
				int leader = TestCluster.nodeOfQueueLeader(this.service + "-queue");
				int connected = TestCluster.nodeOfConnection(this.serviceConnection);
				String survivors = IntStream.rangeClosed(1, TestCluster.SIZE)
					.filter((node) -> node != leader && node != connected)
					.mapToObj((node) -> "127.0.0.1:" + TestCluster.port(node))
					.collect(Collectors.joining(","));
				runner(survivors, "failover-client-" + this.id).run((client) -> {
					Responder responder = service.getBean(Responder.class);
					Result result = requestWhileKilling(client.getBean(MessageRequester.class), responder, leader,
							connected);
					int duplicates = responder.calls.get() - responder.handled.size();
					System.out.printf("cluster failover: %d commands, killed node %d (leader of %s-queue; service "
							+ "connected to node %d) after %d answers; %d answered, %d lost, %d handler calls, %d "
							+ "duplicates, all answered %.1f s after the kill%n", COMMANDS, leader, this.service,
							connected, result.answeredAtKill, result.answered, COMMANDS - result.answered,
							responder.calls.get(), duplicates, result.afterKill.toMillis() / 1000.0);
					assertThat(result.answered).isEqualTo(COMMANDS);
					assertThat(responder.handled).hasSize(COMMANDS);
				});
			});
	}

	@Test
	@Tag("cluster-heavy")
	void delayedRedeliveriesAndScheduledMessagesArriveWhenTheirNodeDies() {
		runner(TestCluster.springAddresses(), this.serviceConnection)
			.withConfiguration(AutoConfigurations.of(MmateSchedulingAutoConfiguration.class))
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.queue.type=quorum",
					"mmate.retry.max-attempts=1", "mmate.retry.delays=1s,3s", "mmate.delay.mechanism=ttl-levels",
					// The failures are the test's own: they must not pause consumption.
					"mmate.listener.circuit-breaker.enabled=false")
			.withBean(DelayedWorker.class)
			.run((service) -> {
				DelayedWorker worker = service.getBean(DelayedWorker.class);
				MessageScheduler scheduler = service.getBean(MessageScheduler.class);
				MessagePublisher publisher = service.getBean(MessagePublisher.class);
				Map<Integer, Instant> due = new ConcurrentHashMap<>();
				for (int i = 0; i < DELAYED; i++) {
					publisher.sendCommand(new DelayedWork(i, true), this.service).join();
					int scheduled = DELAYED + i;
					due.put(scheduled, Instant.now().plusSeconds(5));
					scheduler.sendCommandWithDelay(new DelayedWork(scheduled, false), this.service, Duration.ofSeconds(5))
						.join();
				}
				// Every redelivered message has failed once and waits in a delay level: kill the node that leads them.
				await().atMost(Duration.ofSeconds(30))
					.until(() -> IntStream.range(0, DELAYED).allMatch(worker.calls::containsKey));
				int node = TestCluster.nodeOfConnection(this.serviceConnection);
				kill(node);
				await().atMost(Duration.ofMinutes(2)).until(() -> worker.succeeded.size() == 2 * DELAYED);
				long early = worker.early(due);
				System.out.printf("cluster failover with delays: killed node %d while %d messages waited in delayed "
						+ "redelivery (1 s, 3 s) and %d in scheduled delivery (+5 s): %d of %d arrived, %d early, %d "
						+ "handler calls%n", node, DELAYED, DELAYED, worker.succeeded.size(), 2 * DELAYED, early,
						worker.calls.values().stream().mapToInt(List::size).sum());
				assertThat(early).isZero();
			});
	}

	private Result requestWhileKilling(MessageRequester requester, Responder responder, int leader, int connected) {
		AtomicInteger answered = new AtomicInteger();
		AtomicInteger answeredAtKill = new AtomicInteger();
		List<CompletableFuture<FailoverReply>> replies = new ArrayList<>();
		CompletableFuture<Instant> kill = CompletableFuture.supplyAsync(() -> {
			await().atMost(REQUEST_TIMEOUT).until(() -> answered.get() >= COMMANDS / 3);
			answeredAtKill.set(answered.get());
			kill(leader);
			if (connected != leader) {
				kill(connected);
			}
			return Instant.now();
		});
		for (int i = 0; i < COMMANDS; i++) {
			replies.add(requester
				.request(new FailoverCommand(i), this.service, FailoverReply.class, REQUEST_TIMEOUT)
				.whenComplete((reply, ex) -> {
					if (ex == null) {
						answered.incrementAndGet();
					}
				}));
		}
		Instant killedAt = kill.join();
		CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new))
			.handle((done, ex) -> null)
			.orTimeout(REQUEST_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS)
			.join();
		Duration afterKill = Duration.between(killedAt, Instant.now());
		Map<Boolean, Long> outcomes = replies.stream()
			.collect(Collectors.partitioningBy((reply) -> !reply.isCompletedExceptionally(), Collectors.counting()));
		assertThat(responder.handled.keySet()).allSatisfy((key) -> assertThat(key).isBetween(0, COMMANDS - 1));
		return new Result(outcomes.get(true).intValue(), answeredAtKill.get(), afterKill);
	}

	private void kill(int node) {
		TestCluster.killNode(node);
		this.killed.add(node);
	}

	private static ApplicationContextRunner runner(String addresses, String connectionName) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
					MmateAutoConfiguration.class))
			.withPropertyValues("spring.rabbitmq.addresses=" + addresses, "spring.rabbitmq.username=guest",
					"spring.rabbitmq.password=guest", "spring.rabbitmq.address-shuffle-mode=random")
			.withBean(ConnectionNameStrategy.class, () -> (factory) -> connectionName);
	}

	private record Result(int answered, int answeredAtKill, Duration afterKill) {
	}

	record FailoverCommand(int number) implements Command {
	}

	record FailoverReply(int number) implements Reply {

		@Override
		public boolean success() {
			return true;
		}

	}

	record DelayedWork(int number, boolean failTwice) implements Command {
	}

	/**
	 * Fails the first two deliveries of the messages it is told to, so that they are redelivered after 1 s and 3 s,
	 * and records when each delivery arrived.
	 */
	static class DelayedWorker {

		final Map<Integer, List<Instant>> calls = new ConcurrentHashMap<>();

		final Map<Integer, Instant> succeeded = new ConcurrentHashMap<>();

		@MmateHandler
		void on(DelayedWork work) {
			List<Instant> times = this.calls.computeIfAbsent(work.number(), (key) -> new CopyOnWriteArrayList<>());
			times.add(Instant.now());
			if (work.failTwice() && times.size() <= 2) {
				throw new TransientFailureException("attempt " + times.size() + " of " + work.number());
			}
			this.succeeded.putIfAbsent(work.number(), Instant.now());
		}

		/**
		 * Deliveries that came before they were due: a redelivery less than 1 s, then 3 s, after the delivery
		 * before it (the delay levels round up to whole seconds), or a scheduled message before its time.
		 */
		long early(Map<Integer, Instant> due) {
			long early = 0;
			for (Map.Entry<Integer, List<Instant>> entry : this.calls.entrySet()) {
				List<Instant> times = entry.getValue();
				Instant scheduled = due.get(entry.getKey());
				if (scheduled != null && times.get(0).isBefore(scheduled.minusMillis(CLOCK_SLACK_MILLIS))) {
					early++;
				}
				if (scheduled == null && (gap(times, 1) < 1000 - CLOCK_SLACK_MILLIS
						|| gap(times, 2) < 3000 - CLOCK_SLACK_MILLIS)) {
					early++;
				}
			}
			return early;
		}

		private static long gap(List<Instant> times, int index) {
			return (index < times.size()) ? Duration.between(times.get(index - 1), times.get(index)).toMillis()
					: Long.MAX_VALUE;
		}

	}

	static class Responder {

		final Map<Integer, AtomicInteger> handled = new ConcurrentHashMap<>();

		final AtomicInteger calls = new AtomicInteger();

		@MmateHandler
		FailoverReply on(FailoverCommand command) {
			this.calls.incrementAndGet();
			this.handled.computeIfAbsent(command.number(), (key) -> new AtomicInteger()).incrementAndGet();
			return new FailoverReply(command.number());
		}

	}

}
