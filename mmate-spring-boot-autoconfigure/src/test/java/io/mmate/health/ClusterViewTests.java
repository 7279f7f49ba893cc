package io.mmate.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.mmate.health.ManagementApiClient.ListedQueue;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterView}, from answers of the management API of RabbitMQ 3.10.8 captured in
 * {@code management-api/}: a local three-node cluster ({@code scripts/rabbitmq.sh cluster up}) with a service's quorum
 * queues and a one-member quorum queue ({@code orders-audit-queue}, on node 3), all nodes running, node 3 stopped,
 * node 3 started again; and the single broker. The requests were those of {@link ManagementApiClient}.
 */
class ClusterViewTests {

	// The connection captured in cluster-connections.json.
	private static final int CLIENT_PORT = 36750;

	private static final String CONNECTION_NAME = "rabbitConnectionFactory#5c1a6e2b:0";

	private static final List<String> REPLICATED_QUEUES = List.of("dlq.orders-queue", "mmate.delay.quorum.level.00",
			"mmate.delay.quorum.unroutable", "orders-queue", "orders-queue.p0", "orders-queue.p1");

	@Test
	void allNodesRunningAndEveryMemberOnline() {
		ClusterView view = view("cluster-nodes.json", "cluster-queues.json");
		assertThat(view.details()).containsExactly(Map.entry("node", "mmate-2@localhost"),
				Map.entry("runningNodes", 3), Map.entry("nodes", 3));
		assertThat(view.problems()).isEmpty();
	}

	@Test
	void stoppedNodeIsMissingFromItsQueuesAndTheQueueOnlyOnItHasNoLeader() {
		ClusterView view = view("cluster-nodes-node3-stopped.json", "cluster-queues-node3-stopped.json");
		assertThat(view.runningNodes()).containsExactly("mmate-1@localhost", "mmate-2@localhost");
		assertThat(view.details()).containsEntry("node", "mmate-2@localhost")
			.containsEntry("runningNodes", 2)
			.containsEntry("nodes", 3)
			.containsEntry("stoppedNodes", List.of("mmate-3@localhost"))
			.containsEntry("queuesWithoutLeader", List.of("orders-audit-queue"));
		assertThat(view.queuesMissingMembers()).containsOnlyKeys(REPLICATED_QUEUES)
			.allSatisfy((queue, missing) -> assertThat(missing).containsExactly("mmate-3@localhost"));
		assertThat(view.problems()).containsExactly(
				"2 of the cluster's 3 nodes are running; not running: mmate-3@localhost",
				"quorum queues without a leader, which take and deliver no messages: orders-audit-queue",
				"quorum queues with fewer members online than members, missing mmate-3@localhost: "
						+ String.join(", ", REPLICATED_QUEUES));
	}

	@Test
	void copyOfOnlineThatLagsBehindANodesStopDoesNotHideTheMissingMember() {
		// RabbitMQ lists "online" twice here: the fresh copy first, then one from before the stop.
		ListedQueue queue = queue("cluster-queues-node3-stopped.json", "orders-queue");
		assertThat(queue.online()).contains("mmate-3@localhost");
		assertThat(view("cluster-nodes-node3-stopped.json", "cluster-queues-node3-stopped.json")
			.queuesMissingMembers()).containsEntry("orders-queue", List.of("mmate-3@localhost"));
	}

	@Test
	void copyOfOnlineThatLagsBehindANodesReturnDoesNotMakeAMemberMissing() {
		// Here the first copy is from before node 3 came back, the second lists it again.
		ListedQueue queue = queue("cluster-queues-node3-back.json", "orders-queue");
		assertThat(queue.members()).hasSize(3);
		ClusterView view = view("cluster-nodes.json", "cluster-queues-node3-back.json");
		assertThat(view.queuesMissingMembers()).isEmpty();
		assertThat(view.queuesWithoutLeader()).isEmpty();
		assertThat(view.problems()).isEmpty();
	}

	@Test
	void singleBroker() {
		String node = ClusterView.nodeOf(ManagementApiClient.connections(fixture("standalone-connections.json")),
				44424, "rabbitConnectionFactory#7f3b2a10:0");
		ClusterView view = ClusterView.of(ManagementApiClient.nodes(fixture("standalone-nodes.json")), node,
				List.of());
		assertThat(view.details()).containsExactly(Map.entry("node", "rabbit@vm"), Map.entry("runningNodes", 1),
				Map.entry("nodes", 1));
		assertThat(view.problems()).isEmpty();
	}

	@Test
	void connectionIsFoundByItsClientPortAndName() {
		List<ManagementApiClient.ListedConnection> connections = ManagementApiClient
			.connections(fixture("cluster-connections.json"));
		assertThat(ClusterView.nodeOf(connections, CLIENT_PORT, CONNECTION_NAME)).isEqualTo("mmate-2@localhost");
		assertThat(ClusterView.nodeOf(connections, CLIENT_PORT, null)).isEqualTo("mmate-2@localhost");
		assertThat(ClusterView.nodeOf(connections, CLIENT_PORT, "another-application")).isNull();
		assertThat(ClusterView.nodeOf(connections, CLIENT_PORT + 1, CONNECTION_NAME)).isNull();
	}

	@Test
	void classicQueuesHaveNoMembersToCheck() {
		List<ListedQueue> queues = ManagementApiClient
			.queues("{\"items\":[{\"name\":\"orders-classic\",\"node\":\"mmate-1@localhost\",\"type\":\"classic\"}]}");
		ClusterView view = ClusterView.of(ManagementApiClient.nodes(fixture("cluster-nodes.json")), null, queues);
		assertThat(view.details()).containsExactly(Map.entry("runningNodes", 3), Map.entry("nodes", 3));
		assertThat(view.problems()).isEmpty();
	}

	@Test
	void unavailableApiIsOnlyAnError() {
		ClusterView view = ClusterView.unavailable("GET /api/nodes of http://127.0.0.1:15673/ answered 401: "
				+ "Login failed");
		assertThat(view.details()).containsExactly(
				Map.entry("error", "GET /api/nodes of http://127.0.0.1:15673/ answered 401: Login failed"));
		assertThat(view.problems()).isEmpty();
	}

	private static ClusterView view(String nodes, String queues) {
		List<ManagementApiClient.ListedConnection> connections = ManagementApiClient
			.connections(fixture("cluster-connections.json"));
		return ClusterView.of(ManagementApiClient.nodes(fixture(nodes)),
				ClusterView.nodeOf(connections, CLIENT_PORT, CONNECTION_NAME),
				ManagementApiClient.queues(fixture(queues)));
	}

	private static ListedQueue queue(String fixture, String name) {
		return ManagementApiClient.queues(fixture(fixture))
			.stream()
			.filter((queue) -> queue.name().equals(name))
			.findFirst()
			.orElseThrow();
	}

	static String fixture(String name) {
		try {
			return new ClassPathResource("management-api/" + name).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
