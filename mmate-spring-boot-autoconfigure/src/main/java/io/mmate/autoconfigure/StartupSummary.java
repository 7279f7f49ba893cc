package io.mmate.autoconfigure;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import io.mmate.delay.DelayMechanism;
import io.mmate.delay.DelayMechanismSelector;
import io.mmate.dispatch.HandlerDefinition;
import io.mmate.dispatch.HandlerRegistry;
import io.mmate.listener.ListenerContainerLifecycle;
import io.mmate.listener.ListenerSettings;
import io.mmate.topology.QueueSpec;
import io.mmate.topology.ServiceTopology;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Logs one line once the service's consumers have started: the service, its queue and how it is consumed, its
 * handlers by type, partitions and broadcast handlers, and the delay mechanism. It stands for the line per consumer
 * that the containers would log otherwise.
 */
final class StartupSummary implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog("io.mmate");

	private static final int MAX_TYPES_LISTED = 10;

	private final Supplier<ServiceTopology> topology;

	private final HandlerRegistry handlers;

	private final ListenerSettings listener;

	private final DelayMechanismSelector delays;

	private volatile boolean running;

	StartupSummary(Supplier<ServiceTopology> topology, HandlerRegistry handlers, ListenerSettings listener,
			DelayMechanismSelector delays) {
		this.topology = topology;
		this.handlers = handlers;
		this.listener = listener;
		this.delays = delays;
	}

	@Override
	public void start() {
		this.running = true;
		if (logger.isInfoEnabled()) {
			logger.info(summary());
		}
	}

	String summary() {
		ServiceTopology topology = this.topology.get();
		Collection<HandlerDefinition> all = this.handlers.all();
		StringBuilder line = new StringBuilder("Mmate service '").append(topology.serviceName()).append("'");
		QueueSpec queue = topology.serviceQueue();
		if (queue == null || all.isEmpty()) {
			line.append(" publishes only: it has no handlers");
		}
		else {
			line.append(" consumes '").append(queue.name()).append("' (").append(queue.type().name().toLowerCase())
				.append(", ").append(count(this.listener.concurrency(), "consumer")).append(", prefetch ")
				.append(this.listener.prefetch()).append(") for ").append(count(all.size(), "handler")).append(": ")
				.append(types(all.stream().map(HandlerDefinition::typeName).sorted().toList()));
			List<HandlerDefinition> partitioned = only(all, HandlerDefinition.Delivery.PARTITIONED);
			if (!partitioned.isEmpty()) {
				line.append("; ").append(partitioned.size()).append(" partitioned on ")
					.append(topology.partitionQueues().size()).append(" partition queues");
			}
			List<HandlerDefinition> broadcast = only(all, HandlerDefinition.Delivery.BROADCAST);
			if (!broadcast.isEmpty()) {
				line.append("; ").append(broadcast.size()).append(" on a broadcast queue of this instance");
			}
		}
		DelayMechanism delay = this.delays.selected();
		line.append("; delayed delivery: ")
			.append((delay != null) ? delay.name() : "chosen once the broker answers");
		return line.toString();
	}

	private static String count(int count, String noun) {
		return count + " " + noun + ((count == 1) ? "" : "s");
	}

	private static List<HandlerDefinition> only(Collection<HandlerDefinition> handlers,
			HandlerDefinition.Delivery delivery) {
		return handlers.stream().filter((handler) -> handler.delivery() == delivery).toList();
	}

	private static String types(List<String> types) {
		if (types.size() <= MAX_TYPES_LISTED) {
			return String.join(", ", types);
		}
		return String.join(", ", types.subList(0, MAX_TYPES_LISTED)) + " and " + (types.size() - MAX_TYPES_LISTED)
				+ " more";
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// After the listener containers have started.
		return ListenerContainerLifecycle.PHASE + 1;
	}

}
