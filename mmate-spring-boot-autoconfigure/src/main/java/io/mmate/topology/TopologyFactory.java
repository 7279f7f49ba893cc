package io.mmate.topology;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mmate.delay.DelayMechanism;
import io.mmate.dispatch.HandlerDefinition;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.util.Assert;

/**
 * Turns queue specs into declarations: the six Mmate exchanges, each service queue with its bindings and, when
 * asked, its dead-letter queue bound to {@code mmate.dlx}.
 */
public final class TopologyFactory {

	private TopologyFactory() {
	}

	/**
	 * Build a service's topology; once every handler is registered, since the handlers decide the bindings.
	 * @param settings the settings
	 * @param handlers the handlers
	 * @return the topology
	 * @throws IllegalArgumentException if there are handlers but no service name to name their queue
	 */
	public static ServiceTopology create(TopologySettings settings, Collection<HandlerDefinition> handlers) {
		String serviceName = settings.serviceName();
		if (serviceName == null) {
			Assert.isTrue(handlers.isEmpty(), "Handlers need a service name that names their queue");
			return new ServiceTopology(settings, null, List.of(), List.of(), List.of());
		}
		List<BindingSpec> partitioned = ServiceQueues.handlerBindings(serviceName, handlers,
				HandlerDefinition.Delivery.PARTITIONED);
		List<BindingSpec> broadcast = ServiceQueues.handlerBindings(serviceName, handlers,
				HandlerDefinition.Delivery.BROADCAST);
		QueueSpec serviceQueue = serviceQueue(settings, serviceName, handlers);
		return new ServiceTopology(settings, serviceQueue, partitioned, broadcast,
				staleBindings(serviceQueue, partitioned, broadcast));
	}

	private static @Nullable QueueSpec serviceQueue(TopologySettings settings, String serviceName,
			Collection<HandlerDefinition> handlers) {
		// Handlers of any kind need it: replies reach it through the default exchange, without a binding.
		if (handlers.isEmpty() && settings.extraBindings().isEmpty()) {
			return null;
		}
		String queue = ServiceQueues.queueName(serviceName);
		return new QueueSpec(queue, settings.queueType(), QueueArguments.serviceQueue(settings, queue),
				ServiceQueues.bindings(serviceName, handlers, settings.extraBindings()), settings.deadLetter());
	}

	private static List<BindingSpec> staleBindings(@Nullable QueueSpec serviceQueue, List<BindingSpec> partitioned,
			List<BindingSpec> broadcast) {
		if (serviceQueue == null) {
			return List.of();
		}
		// Messages of partitioned and broadcast handlers must not reach the service queue too, even when an earlier
		// version of the service bound it to them.
		List<BindingSpec> elsewhere = new ArrayList<>(partitioned);
		elsewhere.addAll(broadcast);
		return elsewhere.stream().filter((binding) -> !serviceQueue.bindings().contains(binding)).toList();
	}

	/**
	 * Build the declarations without delayed delivery, exchanges first.
	 * @param queues the service queues
	 * @return the declarations in the order they must be made
	 */
	public static Declarables create(List<QueueSpec> queues) {
		return create(queues, null);
	}

	/**
	 * Build the declarations, exchanges first: the Mmate exchanges, the delay mechanism's shared topology, then each
	 * service queue with its bindings, its delayed-delivery binding and its dead-letter queue.
	 * @param queues the service queues
	 * @param delay the delay mechanism, or {@code null} for none
	 * @return the declarations in the order they must be made
	 */
	public static Declarables create(List<QueueSpec> queues, DelayMechanism delay) {
		List<Declarable> declarables = new ArrayList<>();
		for (String exchange : Exchanges.ALL) {
			declarables.add(new TopicExchange(exchange, true, false));
		}
		if (delay != null) {
			declarables.addAll(delay.declarables());
		}
		for (QueueSpec spec : queues) {
			Queue queue = new Queue(spec.name(), true, false, false, arguments(spec));
			declarables.add(queue);
			for (BindingSpec binding : spec.bindings()) {
				declarables.add(new Binding(spec.name(), Binding.DestinationType.QUEUE, binding.exchange(),
						binding.routingKey(), null));
			}
			if (delay != null) {
				declarables.add(delay.destinationBinding(spec.name()));
			}
			if (spec.deadLetterQueue()) {
				String deadLetter = RoutingKeys.deadLetter(spec.name());
				declarables.add(new Queue(deadLetter, true, false, false, typeArgument(spec.type())));
				declarables.add(new Binding(deadLetter, Binding.DestinationType.QUEUE, Exchanges.DEAD_LETTER,
						deadLetter, null));
			}
		}
		return new Declarables(declarables);
	}

	private static Map<String, Object> arguments(QueueSpec spec) {
		Map<String, Object> arguments = new LinkedHashMap<>(typeArgument(spec.type()));
		arguments.putAll(spec.arguments());
		return arguments;
	}

	private static Map<String, Object> typeArgument(QueueType type) {
		// A classic queue is declared without x-queue-type, as Go declares it, so the arguments match.
		return (type == QueueType.QUORUM) ? Map.of("x-queue-type", "quorum") : Map.of();
	}

}
