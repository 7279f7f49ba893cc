package io.mmate.integration;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import io.mmate.Command;
import io.mmate.MmateHandler;
import io.mmate.autoconfigure.MmateAutoConfiguration;
import io.mmate.autoconfigure.health.MmateHealthContributorAutoConfiguration;
import io.mmate.health.MmateHealthIndicator;
import io.mmate.testsupport.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionNameStrategy;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On the local three-node cluster ({@code scripts/rabbitmq.sh cluster up}), with {@code mmate.queue.type=quorum} and
 * the management API of node 1: health shows the node of the service's connection and three running nodes; while a
 * third node (neither node 1 nor the connection's) is stopped, it is DEGRADED, with two running nodes and the
 * service's quorum queues missing that node's member; once the node is back, it is UP again. Skipped when the cluster
 * is not up.
 */
@Tag("cluster")
class ClusterHealthIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final int MANAGED_NODE = 1;

	private final String id = UUID.randomUUID().toString().substring(0, 8);

	private final String service = "cluster-health-" + this.id;

	private final String queue = this.service + "-queue";

	private final String connectionName = "cluster-health-" + this.id;

	private int stopped;

	@BeforeEach
	void clusterIsUp() {
		TestCluster.assumeUp();
	}

	@AfterEach
	void startStoppedNodeAndDeleteQueues() {
		if (this.stopped != 0) {
			TestCluster.startNode(this.stopped);
		}
		CachingConnectionFactory connectionFactory = TestCluster.connectionFactory("cluster-health-cleanup-" + this.id);
		try {
			RabbitAdmin admin = new RabbitAdmin(connectionFactory);
			admin.deleteQueue(this.queue);
			admin.deleteQueue("dlq." + this.queue);
		}
		finally {
			connectionFactory.destroy();
		}
	}

	@Test
	void degradedWithTheQueuesMissingAMemberWhileANodeIsStopped() {
		runner().run((context) -> {
			Health up = awaitHealth(context, "UP with the connection's node",
					(health) -> Status.UP.equals(health.getStatus()) && cluster(health).containsKey("node"));
			String connectedNode = TestCluster.nodeName(TestCluster.nodeOfConnection(this.connectionName));
			assertThat(cluster(up)).containsEntry("node", connectedNode)
				.containsEntry("runningNodes", 3)
				.containsEntry("nodes", 3);
			print("up", up);

			int stop = IntStream.rangeClosed(1, TestCluster.SIZE)
				.filter((node) -> node != MANAGED_NODE && !TestCluster.nodeName(node).equals(connectedNode))
				.max()
				.orElseThrow();
			String stoppedNode = TestCluster.nodeName(stop);
			TestCluster.stopNode(stop);
			this.stopped = stop;
			Health degraded = awaitHealth(context, "DEGRADED with " + stoppedNode + " missing",
					(health) -> MmateHealthIndicator.DEGRADED.equals(health.getStatus())
							&& missingMembers(health).containsKey(this.queue)
							&& !cluster(health).containsKey("queuesWithoutLeader"));
			print("node " + stop + " stopped", degraded);
			assertThat(cluster(degraded)).containsEntry("node", connectedNode)
				.containsEntry("runningNodes", 2)
				.containsEntry("nodes", 3)
				.containsEntry("stoppedNodes", List.of(stoppedNode));
			assertThat(missingMembers(degraded)).containsEntry(this.queue, List.of(stoppedNode))
				.containsEntry("dlq." + this.queue, List.of(stoppedNode))
				.containsEntry("mmate.delay.quorum.level.00", List.of(stoppedNode));
			assertThat(reasons(degraded))
				.contains("2 of the cluster's 3 nodes are running; not running: " + stoppedNode)
				.anySatisfy((reason) -> assertThat(reason)
					.startsWith("quorum queues with fewer members online than members, missing " + stoppedNode + ": ")
					.contains(this.queue, "dlq." + this.queue));

			TestCluster.startNode(stop);
			this.stopped = 0;
			Health back = awaitHealth(context, "UP with every node",
					(health) -> Status.UP.equals(health.getStatus()) && cluster(health).get("runningNodes").equals(3));
			print("node " + stop + " started again", back);
			assertThat(cluster(back)).containsOnlyKeys("node", "runningNodes", "nodes");
			assertThat(back.getDetails()).doesNotContainKey("reasons");
		});
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
					MmateAutoConfiguration.class, MmateHealthContributorAutoConfiguration.class))
			.withPropertyValues(TestCluster.springProperties())
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.queue.type=quorum",
					"management.health.mmate.management-url=" + TestCluster.managementUrl(MANAGED_NODE),
					"management.health.mmate.cache-time-to-live=0s")
			.withBean(ConnectionNameStrategy.class, () -> (factory) -> this.connectionName)
			.withBean(Worker.class);
	}

	private static Health awaitHealth(ApplicationContext context, String description, Predicate<Health> condition) {
		AtomicReference<Health> last = new AtomicReference<>();
		await(description).atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
			last.set(context.getBean(MmateHealthIndicator.class).health());
			return condition.test(last.get());
		});
		return last.get();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> cluster(Health health) {
		Object cluster = health.getDetails().get("cluster");
		return (cluster != null) ? (Map<String, Object>) cluster : Map.of();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, List<String>> missingMembers(Health health) {
		Object missing = cluster(health).get("queuesMissingMembers");
		return (missing != null) ? (Map<String, List<String>>) missing : Map.of();
	}

	@SuppressWarnings("unchecked")
	private static List<String> reasons(Health health) {
		return (List<String>) health.getDetails().getOrDefault("reasons", List.of());
	}

	private static void print(String when, Health health) {
		System.out.printf("cluster health, %s: %s%n", when, JsonMapper.builder().build().writeValueAsString(health));
	}

	record Ping(String text) implements Command {
	}

	static class Worker {

		@MmateHandler
		void on(Ping ping) {
		}

	}

}
