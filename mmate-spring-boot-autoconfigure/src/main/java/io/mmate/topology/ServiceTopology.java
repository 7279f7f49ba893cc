package io.mmate.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.mmate.delay.DelayMechanism;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.TopicExchange;

/**
 * The topology of one service, built once by {@link TopologyFactory} from its {@link TopologySettings} and handlers:
 * the service queue with its arguments, bindings and dead-letter queue, the partitions of partitioned handlers, the
 * bindings of broadcast handlers, and the bindings the service queue must lose. The declarer, the management
 * endpoint and the health indicator all read this one model.
 */
public final class ServiceTopology {

	private final TopologySettings settings;

	private final @Nullable QueueSpec serviceQueue;

	private final List<BindingSpec> partitionBindings;

	private final List<BindingSpec> broadcastBindings;

	private final List<BindingSpec> staleBindings;

	ServiceTopology(TopologySettings settings, @Nullable QueueSpec serviceQueue, List<BindingSpec> partitionBindings,
			List<BindingSpec> broadcastBindings, List<BindingSpec> staleBindings) {
		this.settings = settings;
		this.serviceQueue = serviceQueue;
		this.partitionBindings = List.copyOf(partitionBindings);
		this.broadcastBindings = List.copyOf(broadcastBindings);
		this.staleBindings = List.copyOf(staleBindings);
	}

	/**
	 * @return the service name, or {@code null} when the application only publishes
	 */
	public @Nullable String serviceName() {
		return this.settings.serviceName();
	}

	/**
	 * @return the service queue, or {@code null} when the service has no handlers and no extra bindings
	 */
	public @Nullable QueueSpec serviceQueue() {
		return this.serviceQueue;
	}

	/**
	 * @return whether the service queue is declared, and so has to be consumed
	 */
	public boolean hasServiceQueue() {
		return this.serviceQueue != null;
	}

	/**
	 * @return the bindings of the partitioned handlers, which lead to the partitions' hash exchange
	 */
	public List<BindingSpec> partitionBindings() {
		return this.partitionBindings;
	}

	/**
	 * @return the partition queues, none when no handler is partitioned
	 */
	public List<String> partitionQueues() {
		return hasPartitions() ? this.settings.partitionQueues() : List.of();
	}

	/**
	 * @return whether a handler is partitioned, so that the partitions are declared and consumed
	 */
	public boolean hasPartitions() {
		return !this.partitionBindings.isEmpty();
	}

	/**
	 * @return the bindings of each instance's broadcast queue
	 */
	public List<BindingSpec> broadcastBindings() {
		return this.broadcastBindings;
	}

	/**
	 * @return whether a handler is broadcast, so that each instance has a broadcast queue
	 */
	public boolean hasBroadcast() {
		return !this.broadcastBindings.isEmpty();
	}

	/**
	 * @return the bindings the service queue must not have: those of handlers that moved to partitions or broadcast
	 */
	public List<BindingSpec> staleBindings() {
		return this.staleBindings;
	}

	/**
	 * The declarations, in the order they must be made: the Mmate exchanges, the delay mechanism's shared topology,
	 * the service queue with its bindings, its delayed-delivery binding and its dead-letter queue, the partitions,
	 * then the removal of stale bindings. Broadcast queues are not among them: each instance declares its own.
	 * @param delay the delay mechanism, or {@code null} for none
	 * @return the declarations
	 */
	public Declarables declarables(@Nullable DelayMechanism delay) {
		List<Declarable> declarables = new ArrayList<>();
		for (String exchange : Exchanges.ALL) {
			declarables.add(new TopicExchange(exchange, true, false));
		}
		if (delay != null) {
			declarables.addAll(delay.declarables());
		}
		if (this.serviceQueue != null) {
			addServiceQueue(declarables, this.serviceQueue, delay, this.settings);
		}
		String queue = this.settings.serviceQueueName();
		if (hasPartitions()) {
			declarables.addAll(PartitionTopology.declarables(queue, this.settings.queueType(),
					this.settings.partitionCount(), this.settings.partitionKeyHeader(), this.partitionBindings));
		}
		for (BindingSpec stale : this.staleBindings) {
			declarables.add(new StaleBinding(queue, stale.exchange(), stale.routingKey()));
		}
		return new Declarables(declarables);
	}

	private static void addServiceQueue(List<Declarable> declarables, QueueSpec spec, @Nullable DelayMechanism delay,
			TopologySettings settings) {
		declarables.add(new ConfiguredQueue(spec.name(), QueueArguments.declared(spec.type(), spec.arguments()),
				(argument) -> QueueArguments.serviceQueueSettingsOf(settings, argument)));
		for (BindingSpec binding : spec.bindings()) {
			declarables.add(new Binding(spec.name(), Binding.DestinationType.QUEUE, binding.exchange(),
					binding.routingKey(), null));
		}
		if (delay != null) {
			declarables.add(delay.destinationBinding(spec.name()));
		}
		if (spec.deadLetterQueue()) {
			String deadLetter = RoutingKeys.deadLetter(spec.name());
			Map<String, Object> arguments = QueueArguments.type(spec.type());
			// A limit only on new queues: an existing one without it is kept (see LengthLimitedQueue).
			declarables.add((settings.deadLetterMaxLength() > 0) ? new LengthLimitedQueue(deadLetter, arguments,
					QueueArguments.lengthLimit(settings.deadLetterMaxLength()))
					: new ConfiguredQueue(deadLetter, arguments,
							(argument) -> QueueArguments.typeSettingOf(spec.type(), argument)));
			declarables.add(new Binding(deadLetter, Binding.DestinationType.QUEUE, Exchanges.DEAD_LETTER, deadLetter,
					null));
		}
	}

}
