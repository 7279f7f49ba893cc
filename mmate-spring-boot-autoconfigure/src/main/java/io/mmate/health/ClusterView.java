package io.mmate.health;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.mmate.health.ManagementApiClient.ListedConnection;
import io.mmate.health.ManagementApiClient.ListedNode;
import io.mmate.health.ManagementApiClient.ListedQueue;
import org.jspecify.annotations.Nullable;

/**
 * The cluster as the management API shows it, for the {@code cluster} detail of the health indicator: the node the
 * application's connection is on, the cluster's nodes and those that run, and the starter's quorum queues that have no
 * leader or fewer members online than members. When the API could not be read, only why.
 *
 * @param node the node of the application's connection, or {@code null} when the API does not list it (yet)
 * @param nodes every node of the cluster, sorted
 * @param runningNodes the nodes that run, sorted
 * @param queuesWithoutLeader the quorum queues that have no leader on a running node, sorted
 * @param queuesMissingMembers the other quorum queues with members that are not online, and those members
 * @param error why the API could not be read, or {@code null} when it was
 */
public record ClusterView(@Nullable String node, List<String> nodes, List<String> runningNodes,
		List<String> queuesWithoutLeader, Map<String, List<String>> queuesMissingMembers, @Nullable String error) {

	public ClusterView {
		nodes = List.copyOf(nodes);
		runningNodes = List.copyOf(runningNodes);
		queuesWithoutLeader = List.copyOf(queuesWithoutLeader);
		queuesMissingMembers = Collections.unmodifiableMap(new TreeMap<>(queuesMissingMembers));
	}

	/**
	 * Interpret what the API listed.
	 * @param nodes the cluster's nodes
	 * @param node the node of the application's connection, or {@code null} when unknown
	 * @param queues the starter's queues
	 * @return the view
	 */
	static ClusterView of(List<ListedNode> nodes, @Nullable String node, List<ListedQueue> queues) {
		Set<String> running = nodes.stream()
			.filter(ListedNode::running)
			.map(ListedNode::name)
			.collect(Collectors.toCollection(TreeSet::new));
		List<String> withoutLeader = new ArrayList<>();
		Map<String, List<String>> missingMembers = new TreeMap<>();
		for (ListedQueue queue : queues) {
			if (!"quorum".equals(queue.type())) {
				continue;
			}
			// A leader on a node that does not run is what the API remembers, not a leader.
			if (queue.leader() == null || !running.contains(queue.leader())) {
				withoutLeader.add(queue.name());
				continue;
			}
			// A copy of "online" may lag behind a node's stop: a member on a node that does not run is not online.
			List<String> missing = queue.members()
				.stream()
				.filter((member) -> !queue.online().contains(member) || !running.contains(member))
				.sorted()
				.toList();
			if (!missing.isEmpty()) {
				missingMembers.put(queue.name(), missing);
			}
		}
		withoutLeader.sort(null);
		return new ClusterView(node, nodes.stream().map(ListedNode::name).sorted().toList(), List.copyOf(running),
				withoutLeader, missingMembers, null);
	}

	/**
	 * The node of the application's connection among the connections listed from its client port.
	 * @param connections the connections listed
	 * @param clientPort the local port of the application's connection
	 * @param connectionName its name (the {@code connection_name} client property), or {@code null} when it has none
	 * @return the node, or {@code null} when no connection, or connections on different nodes, match
	 */
	static @Nullable String nodeOf(List<ListedConnection> connections, int clientPort,
			@Nullable String connectionName) {
		List<String> nodes = connections.stream()
			.filter((connection) -> connection.clientPort() == clientPort)
			.filter((connection) -> connectionName == null || connectionName.equals(connection.connectionName()))
			.map(ListedConnection::node)
			.distinct()
			.toList();
		return (nodes.size() == 1) ? nodes.get(0) : null;
	}

	/**
	 * A view of a cluster that could not be read.
	 * @param error why
	 * @return the view
	 */
	static ClusterView unavailable(String error) {
		return new ClusterView(null, List.of(), List.of(), List.of(), Map.of(), error);
	}

	/**
	 * @return the nodes of the cluster that do not run, sorted
	 */
	public List<String> stoppedNodes() {
		return this.nodes.stream().filter((node) -> !this.runningNodes.contains(node)).toList();
	}

	/**
	 * The {@code cluster} detail: {@code node}, {@code runningNodes} and {@code nodes}, and what is wrong when
	 * anything is ({@code stoppedNodes}, {@code queuesWithoutLeader}, {@code queuesMissingMembers}); or only
	 * {@code error}.
	 * @return the details
	 */
	public Map<String, Object> details() {
		if (this.error != null) {
			return Map.of("error", this.error);
		}
		Map<String, Object> details = new LinkedHashMap<>();
		if (this.node != null) {
			details.put("node", this.node);
		}
		details.put("runningNodes", this.runningNodes.size());
		details.put("nodes", this.nodes.size());
		putUnlessEmpty(details, "stoppedNodes", stoppedNodes());
		putUnlessEmpty(details, "queuesWithoutLeader", this.queuesWithoutLeader);
		if (!this.queuesMissingMembers.isEmpty()) {
			details.put("queuesMissingMembers", this.queuesMissingMembers);
		}
		return details;
	}

	/**
	 * What makes the health status {@code DEGRADED}: nodes that do not run, queues without a leader, queues with
	 * members that are not online. An API that could not be read is none of these.
	 * @return the reasons, none when all is well
	 */
	public List<String> problems() {
		List<String> problems = new ArrayList<>();
		List<String> stopped = stoppedNodes();
		if (!stopped.isEmpty()) {
			problems.add(this.runningNodes.size() + " of the cluster's " + this.nodes.size()
					+ " nodes are running; not running: " + String.join(", ", stopped));
		}
		if (!this.queuesWithoutLeader.isEmpty()) {
			problems.add("quorum queues without a leader, which take and deliver no messages: "
					+ String.join(", ", this.queuesWithoutLeader));
		}
		// One reason per set of missing members, as a stopped node is missing from most queues.
		Map<List<String>, List<String>> queuesByMissing = new LinkedHashMap<>();
		this.queuesMissingMembers.forEach(
				(queue, missing) -> queuesByMissing.computeIfAbsent(missing, (key) -> new ArrayList<>()).add(queue));
		queuesByMissing.forEach((missing, queues) -> problems.add("quorum queues with fewer members online than "
				+ "members, missing " + String.join(", ", missing) + ": " + String.join(", ", queues)));
		return problems;
	}

	private static void putUnlessEmpty(Map<String, Object> details, String key, List<String> values) {
		if (!values.isEmpty()) {
			details.put(key, values);
		}
	}

}
