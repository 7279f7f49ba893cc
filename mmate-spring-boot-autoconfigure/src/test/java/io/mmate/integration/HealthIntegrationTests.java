package io.mmate.integration;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.MessagePublisher;
import io.mmate.MmateHandler;
import io.mmate.PermanentFailureException;
import io.mmate.TransientFailureException;
import io.mmate.autoconfigure.health.MmateHealthContributorAutoConfiguration;
import io.mmate.health.MmateHealthIndicator;
import io.mmate.listener.ListenerContainerLifecycle;
import io.mmate.testsupport.TcpProxy;
import io.mmate.testsupport.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code mmate} health indicator on a real broker: UP with the queue's counts while the listener consumes, DOWN
 * when the listener or the broker is gone and UP again once it is back, DEGRADED when the circuit breaker has paused
 * consumption or a queue is deeper than its threshold; with the management API, the broker's node in the
 * {@code cluster} detail.
 */
class HealthIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final String service = IntegrationTestSupport.uniqueServiceName("health-it");

	private final String queue = this.service + "-queue";

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	@Test
	void upWithTheQueueCountsWhileTheListenerConsumes() {
		runner().run((context) -> {
			Health health = awaitStatus(context, Status.UP);
			assertThat(health.getDetails()).containsEntry("service", this.service)
				.containsEntry("queue", this.queue)
				.containsEntry("listener", "running")
				.containsEntry("consumers", 1)
				.containsEntry("ready", 0L)
				.containsEntry("deadLetters", 0L)
				.containsEntry("circuitBreaker", "CLOSED")
				.containsEntry("delayMechanism", "ttl-levels")
				.doesNotContainKey("reasons");
		});
	}

	@Test
	void downWhenTheListenerContainerStopsAndUpWhenItRunsAgain() {
		runner().run((context) -> {
			awaitStatus(context, Status.UP);
			ListenerContainerLifecycle listener = context.getBean(ListenerContainerLifecycle.class);
			listener.getContainer().stop();
			Health down = indicator(context).health();
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails()).containsEntry("listener", "not-running")
				.containsEntry("reasons",
						List.of("the listener of '" + this.queue + "' should be consuming but is not running"));
			listener.getContainer().start();
			assertThat(awaitStatus(context, Status.UP).getDetails()).containsEntry("consumers", 1);
		});
	}

	@Test
	void listenerTheApplicationStoppedIsNotDownButABacklogAboveTheThresholdIsDegraded() {
		runner("mmate.listener.auto-startup=false", "management.health.mmate.backlog-threshold=2").run((context) -> {
			MessagePublisher publisher = context.getBean(MessagePublisher.class);
			publisher.sendCommand(new Work("a"), this.service).get();
			publisher.sendCommand(new Work("b"), this.service).get();
			Health health = awaitStatus(context, Status.UP);
			assertThat(health.getDetails()).containsEntry("listener", "stopped").containsEntry("consumers", 0);
			publisher.sendCommand(new Work("c"), this.service).get();
			Health degraded = awaitStatus(context, MmateHealthIndicator.DEGRADED);
			assertThat(degraded.getDetails()).containsEntry("ready", 3L)
				.containsEntry("reasons",
						List.of("3 messages ready in '" + this.queue + "', above the backlog threshold of 2"));
		});
	}

	@Test
	void degradedWhenTheDeadLetterQueueIsDeeperThanTheThreshold() {
		runner("management.health.mmate.dead-letter-threshold=1").run((context) -> {
			Worker worker = context.getBean(Worker.class);
			worker.failure.set(new PermanentFailureException("invalid"));
			MessagePublisher publisher = context.getBean(MessagePublisher.class);
			publisher.sendCommand(new Work("a"), this.service).get();
			await().atMost(TIMEOUT).until(() -> Long.valueOf(1).equals(deadLetters(context)));
			assertThat(indicator(context).health().getStatus()).isEqualTo(Status.UP);
			publisher.sendCommand(new Work("b"), this.service).get();
			Health degraded = awaitStatus(context, MmateHealthIndicator.DEGRADED);
			assertThat(degraded.getDetails()).containsEntry("deadLetters", 2L)
				.containsEntry("listener", "running")
				.containsEntry("reasons", List.of("2 dead letters in 'dlq." + this.queue
						+ "', above the threshold of 1"));
		});
	}

	@Test
	void openCircuitBreakerIsDegradedNotDownThoughNothingConsumes() {
		runner("mmate.retry.max-attempts=1", "mmate.retry.delays=", "mmate.listener.circuit-breaker.minimum-calls=2",
				"mmate.listener.circuit-breaker.sliding-window-size=2",
				"mmate.listener.circuit-breaker.open-duration=5m")
			.run((context) -> {
				awaitStatus(context, Status.UP);
				context.getBean(Worker.class).failure.set(new TransientFailureException("the database is down"));
				MessagePublisher publisher = context.getBean(MessagePublisher.class);
				publisher.sendCommand(new Work("a"), this.service).get();
				publisher.sendCommand(new Work("b"), this.service).get();
				await().atMost(TIMEOUT)
					.until(() -> "OPEN".equals(indicator(context).health().getDetails().get("circuitBreaker")));
				await().atMost(TIMEOUT).until(() -> !context.getBean(ListenerContainerLifecycle.class)
					.getContainer()
					.isRunning());
				Health paused = awaitStatus(context, MmateHealthIndicator.DEGRADED);
				assertThat(paused.getDetails()).containsEntry("listener", "paused")
					.containsEntry("circuitBreaker", "OPEN")
					.containsEntry("reasons", List.of("the circuit breaker of '" + this.queue
							+ "' is open: consumption is paused"));
				await().atMost(TIMEOUT).until(() -> Integer.valueOf(0).equals(consumers(context)));
				assertThat(indicator(context).health().getStatus()).isEqualTo(MmateHealthIndicator.DEGRADED);
			});
	}

	@Test
	void downWhileTheBrokerIsUnreachableAndUpWithItsConsumerOnceItIsBack() throws Exception {
		try (TcpProxy first = TcpProxy.toTestBroker(); TcpProxy second = TcpProxy.toTestBroker()) {
			runner("spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + first.port()).run((context) -> {
				awaitStatus(context, Status.UP);
				first.close();
				Health down = awaitStatus(context, Status.DOWN);
				assertThat(down.getDetails()).containsKey("error");
				// The broker comes back where the connection factory looks for it next.
				context.getBean(CachingConnectionFactory.class).setAddresses("127.0.0.1:" + second.port());
				Health up = awaitStatus(context, Status.UP);
				assertThat(up.getDetails()).containsEntry("listener", "running").containsEntry("consumers", 1);
			});
		}
	}

	@Test
	void clusterDetailFromTheManagementApiOfASingleBroker() {
		runner("management.health.mmate.management-url=" + TestBroker.managementUrl()).run((context) -> {
			// The API lists a connection once the broker has emitted its statistics, a few seconds after it opened.
			AtomicReference<Map<String, Object>> cluster = new AtomicReference<>();
			await().atMost(TIMEOUT).until(() -> {
				cluster.set(cluster(indicator(context).health()));
				return cluster.get() != null && cluster.get().containsKey("node");
			});
			assertThat(cluster.get()).containsEntry("runningNodes", 1).containsEntry("nodes", 1);
			assertThat((String) cluster.get().get("node")).startsWith("rabbit@");
			assertThat(indicator(context).health().getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	@SuppressWarnings("unchecked")
	void partitionQueuesAreCountedAndAStoppedPartitionListenerIsDown() {
		runner("mmate.partitions.count=2").withUserConfiguration(PartitionedWorker.class).run((context) -> {
			try {
				List<String> partitions = List.of(this.queue + ".p0", this.queue + ".p1");
				Health health = awaitStatus(context, Status.UP);
				assertThat(health.getDetails()).containsEntry("partitions",
						Map.of(partitions.get(0), 1, partitions.get(1), 1));
				ListenerContainerLifecycle listener = context.getBean("mmatePartitionContainer",
						ListenerContainerLifecycle.class);
				listener.getContainer().stop();
				Health down = indicator(context).health();
				assertThat(down.getStatus()).isEqualTo(Status.DOWN);
				assertThat(down.getDetails()).containsEntry("partitions",
						Map.of(partitions.get(0), 0, partitions.get(1), 0));
				assertThat((List<Object>) down.getDetails().get("reasons"))
					.contains("the listener of the partition queues should be consuming but is not running");
				listener.getContainer().start();
				awaitStatus(context, Status.UP);
			}
			finally {
				IntegrationTestSupport.deleteQueues(this.queue + ".p0", this.queue + ".p1");
			}
		});
	}

	@Test
	void serviceWithoutAQueueReportsNoQueueCounts() {
		IntegrationTestSupport.runner()
			.withConfiguration(AutoConfigurations.of(MmateHealthContributorAutoConfiguration.class))
			.withPropertyValues("mmate.service-name=" + this.service, "management.health.mmate.cache-time-to-live=0s")
			.run((context) -> {
				Health health = context.getBean(MmateHealthIndicator.class).health(true);
				assertThat(health.getDetails()).containsEntry("service", this.service)
					.doesNotContainKeys("queue", "consumers");
			});
	}

	private ApplicationContextRunner runner(String... properties) {
		return IntegrationTestSupport.runner()
			.withConfiguration(AutoConfigurations.of(MmateHealthContributorAutoConfiguration.class))
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.delay.mechanism=ttl-levels",
					"management.health.mmate.cache-time-to-live=0s")
			.withPropertyValues(properties)
			.withUserConfiguration(Worker.class);
	}

	private static Health awaitStatus(ApplicationContext context, Status status) {
		AtomicReference<Health> last = new AtomicReference<>();
		await().atMost(TIMEOUT).until(() -> {
			last.set(indicator(context).health());
			return status.equals(last.get().getStatus());
		});
		return last.get();
	}

	private static MmateHealthIndicator indicator(ApplicationContext context) {
		return context.getBean(MmateHealthIndicator.class);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> cluster(Health health) {
		return (Map<String, Object>) health.getDetails().get("cluster");
	}

	private static Object consumers(ApplicationContext context) {
		return indicator(context).health().getDetails().get("consumers");
	}

	private static Object deadLetters(ApplicationContext context) {
		return indicator(context).health().getDetails().get("deadLetters");
	}

	record Work(String name) implements Command {
	}

	record Moved(String id) implements Event {

		@Override
		public String aggregateId() {
			return this.id;
		}

	}

	static class PartitionedWorker {

		@MmateHandler(partitioned = true)
		void on(Moved moved) {
		}

	}

	static class Worker {

		final AtomicReference<RuntimeException> failure = new AtomicReference<>();

		@MmateHandler
		void on(Work work) {
			RuntimeException failure = this.failure.get();
			if (failure != null) {
				throw failure;
			}
		}

	}

}
