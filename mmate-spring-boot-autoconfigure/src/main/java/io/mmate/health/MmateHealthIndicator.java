package io.mmate.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.mmate.delay.DelayMechanismSelector;
import io.mmate.listener.ListenerContainerLifecycle;
import io.mmate.retry.CircuitBreaker;
import io.mmate.topology.QueueStats;
import io.mmate.topology.QueueStatsReader;
import io.mmate.topology.QueueSpec;
import io.mmate.topology.RoutingKeys;
import io.mmate.topology.ServiceTopology;
import io.mmate.topology.TopologyDeclarer;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code mmate} health indicator: whether this service can take part in Mmate messaging. It is
 * <ul>
 * <li>{@code DOWN} when the broker cannot be reached, or when the service-queue listener should be consuming but its
 * container is not running or the broker counts no consumer on the queue;</li>
 * <li>{@link #DEGRADED} when the circuit breaker has paused consumption (open or half-open), when the dead-letter
 * queue or the backlog of ready messages is above its configured threshold, when part of the topology could not be
 * declared again after a reconnect (a classic queue whose node is down, say), or, with a {@link ClusterReader}, when
 * a node of the cluster does not run or one of the starter's quorum queues has no leader or a member that is not
 * online;</li>
 * <li>{@code UP} otherwise.</li>
 * </ul>
 * A listener the application has stopped, or that has no queue to consume, is not a failure. Which queues to read
 * comes from the service's {@link ServiceTopology}; their counts come from a {@link QueueStatsReader}, so they may be
 * a few seconds old.
 */
public class MmateHealthIndicator extends AbstractHealthIndicator {

	/**
	 * Consuming works but needs attention. The starter places it between {@code DOWN} and {@code UP} in
	 * {@code management.endpoint.health.status.order} unless the application sets the order itself; it maps to HTTP
	 * 200 unless {@code management.endpoint.health.status.http-mapping.degraded} says otherwise.
	 */
	public static final Status DEGRADED = new Status("DEGRADED");

	private final ConnectionFactory connectionFactory;

	private final QueueStatsReader stats;

	private final DelayMechanismSelector delays;

	private final Supplier<ServiceTopology> topology;

	private final HealthSettings settings;

	private final @Nullable ListenerContainerLifecycle listener;

	private final @Nullable CircuitBreaker breaker;

	private final @Nullable ListenerContainerLifecycle partitions;

	private final @Nullable TopologyDeclarer declarer;

	private final @Nullable ClusterReader cluster;

	/**
	 * Create the indicator.
	 * @param connectionFactory the application's connection factory
	 * @param stats where queue counts come from
	 * @param delays the delay mechanism selector, for the details
	 * @param topology the service's topology, asked for on the first check, once every handler is registered
	 * @param settings the thresholds
	 * @param consumers the service's consumers
	 * @param declarer the topology's declarer, which knows what it could not declare, or {@code null}
	 * @param cluster where the cluster's nodes and the queues' members come from, or {@code null} for no
	 * {@code cluster} detail
	 */
	public MmateHealthIndicator(ConnectionFactory connectionFactory, QueueStatsReader stats,
			DelayMechanismSelector delays, Supplier<ServiceTopology> topology, HealthSettings settings,
			Consumers consumers, @Nullable TopologyDeclarer declarer, @Nullable ClusterReader cluster) {
		super("Mmate health check failed");
		this.connectionFactory = connectionFactory;
		this.stats = stats;
		this.delays = delays;
		this.topology = topology;
		this.settings = settings;
		this.listener = consumers.serviceQueue();
		this.breaker = consumers.breaker();
		this.partitions = consumers.partitions();
		this.declarer = declarer;
		this.cluster = cluster;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		// The application's connection, opened again if it was lost: throws, and so reports DOWN, when unreachable.
		this.connectionFactory.createConnection();
		Findings findings = new Findings();
		ServiceTopology topology = this.topology.get();
		if (topology.serviceName() != null) {
			builder.withDetail("service", topology.serviceName());
		}
		if (this.listener != null && topology.serviceQueue() != null) {
			checkServiceQueue(this.listener, topology.serviceQueue(), builder, findings);
		}
		if (this.partitions != null && topology.hasPartitions()) {
			checkPartitions(this.partitions, topology.partitionQueues(), builder, findings);
		}
		// Asked only once the broker answered: a first selection probes it, and must not mistake an outage for a
		// broker without the plugin.
		builder.withDetail("delayMechanism", this.delays.mechanism().name());
		if (this.declarer != null && !this.declarer.undeclared().isEmpty()) {
			builder.withDetail("undeclared", this.declarer.undeclared());
			this.declarer.undeclared().forEach((what) -> findings.degraded(what + " could not be declared after the "
					+ "latest reconnect: its node may be down, so it is not available"));
		}
		if (this.cluster != null) {
			ClusterView view = this.cluster.read();
			builder.withDetail("cluster", view.details());
			view.problems().forEach(findings::degraded);
		}
		builder.status(findings.status());
		if (!findings.reasons().isEmpty()) {
			builder.withDetail("reasons", findings.reasons());
		}
	}

	private void checkServiceQueue(ListenerContainerLifecycle listener, QueueSpec serviceQueue, Health.Builder builder,
			Findings findings) {
		String queue = serviceQueue.name();
		CircuitBreaker.State breakerState = (this.breaker != null) ? this.breaker.state() : null;
		ListenerState state = listenerState(listener, breakerState);
		builder.withDetail("queue", queue).withDetail("listener", state.label);
		if (breakerState != null) {
			builder.withDetail("circuitBreaker", breakerState.name());
		}
		QueueStats stats = this.stats.read(queue, serviceQueue.deadLetterQueue());
		// While the breaker decides, consumers come and go: it reports DEGRADED on its own below.
		boolean mustConsume = state == ListenerState.RUNNING
				&& (breakerState == null || breakerState == CircuitBreaker.State.CLOSED);
		if (mustConsume && stats.consumers() == 0) {
			// A kept answer may predate the consumer's start: ask again before calling it down.
			stats = this.stats.refresh(queue, serviceQueue.deadLetterQueue());
		}
		builder.withDetail("consumers", stats.consumers()).withDetail("ready", stats.ready());
		if (stats.deadLetters() != null) {
			builder.withDetail("deadLetters", stats.deadLetters());
		}
		if (state == ListenerState.NOT_RUNNING) {
			findings.down("the listener of '" + queue + "' should be consuming but is not running");
		}
		else if (mustConsume && !stats.exists()) {
			findings.down("the queue '" + queue + "' does not exist on the broker");
		}
		else if (mustConsume && stats.consumers() == 0) {
			findings.down("the broker counts no consumer on '" + queue + "'");
		}
		checkBreaker(queue, breakerState, findings);
		checkThresholds(stats, findings);
	}

	private void checkPartitions(ListenerContainerLifecycle partitions, List<String> queues, Health.Builder builder,
			Findings findings) {
		ListenerState state = listenerState(partitions, null);
		boolean mustConsume = state == ListenerState.RUNNING;
		Map<String, Integer> consumers = new LinkedHashMap<>();
		for (String queue : queues) {
			QueueStats stats = this.stats.read(queue, false);
			if (mustConsume && stats.consumers() == 0) {
				stats = this.stats.refresh(queue, false);
			}
			consumers.put(queue, stats.consumers());
			if (mustConsume && !stats.exists()) {
				findings.down("the partition queue '" + queue + "' does not exist on the broker");
			}
			else if (mustConsume && stats.consumers() == 0) {
				findings.down("the broker counts no consumer on the partition queue '" + queue + "'");
			}
		}
		builder.withDetail("partitions", consumers);
		if (state == ListenerState.NOT_RUNNING) {
			findings.down("the listener of the partition queues should be consuming but is not running");
		}
	}

	private static ListenerState listenerState(ListenerContainerLifecycle listener,
			CircuitBreaker.@Nullable State breakerState) {
		if (!listener.isRunning()) {
			return ListenerState.STOPPED;
		}
		if (breakerState == CircuitBreaker.State.OPEN) {
			return ListenerState.PAUSED;
		}
		// Half-open, the breaker starts the container on its own thread a moment after the state changes.
		if (listener.getContainer().isRunning() || breakerState == CircuitBreaker.State.HALF_OPEN) {
			return ListenerState.RUNNING;
		}
		return ListenerState.NOT_RUNNING;
	}

	private static void checkBreaker(String queue, CircuitBreaker.@Nullable State state, Findings findings) {
		if (state == CircuitBreaker.State.OPEN) {
			findings.degraded("the circuit breaker of '" + queue + "' is open: consumption is paused");
		}
		else if (state == CircuitBreaker.State.HALF_OPEN) {
			findings.degraded("the circuit breaker of '" + queue + "' is half-open: a trial message decides");
		}
	}

	private void checkThresholds(QueueStats stats, Findings findings) {
		Long deadLetterThreshold = this.settings.deadLetterThreshold();
		if (deadLetterThreshold != null && stats.deadLetters() != null && stats.deadLetters() > deadLetterThreshold) {
			findings.degraded(stats.deadLetters() + " dead letters in '" + RoutingKeys.deadLetter(stats.queue())
					+ "', above the threshold of " + deadLetterThreshold);
		}
		Long backlogThreshold = this.settings.backlogThreshold();
		if (backlogThreshold != null && stats.ready() > backlogThreshold) {
			findings.degraded(stats.ready() + " messages ready in '" + stats.queue()
					+ "', above the backlog threshold of " + backlogThreshold);
		}
	}

	private enum ListenerState {

		RUNNING("running"), PAUSED("paused"), STOPPED("stopped"), NOT_RUNNING("not-running");

		private final String label;

		ListenerState(String label) {
			this.label = label;
		}

	}

}
