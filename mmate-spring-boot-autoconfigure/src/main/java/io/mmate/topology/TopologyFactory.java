package io.mmate.topology;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.mmate.dispatch.HandlerDefinition;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Builds a service's {@link ServiceTopology} from its settings and handlers: which queue each handler's messages reach,
 * the service queue's arguments, and the bindings the service queue must lose.
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
				HandlerDefinition.Delivery.PARTITIONED, settings.genericExchange());
		List<BindingSpec> broadcast = ServiceQueues.handlerBindings(serviceName, handlers,
				HandlerDefinition.Delivery.BROADCAST, settings.genericExchange());
		QueueSpec serviceQueue = serviceQueue(settings, serviceName, handlers);
		return new ServiceTopology(settings, serviceQueue, partitioned, broadcast,
				staleBindings(serviceQueue, partitioned, broadcast));
	}

	private static @Nullable QueueSpec serviceQueue(TopologySettings settings, String serviceName,
			Collection<HandlerDefinition> handlers) {
		// Not only bindings call for the queue: replies reach it through the default exchange, without one.
		if (handlers.isEmpty() && settings.extraBindings().isEmpty()) {
			return null;
		}
		String queue = ServiceQueues.queueName(serviceName);
		return new QueueSpec(queue, settings.queueType(), QueueArguments.serviceQueue(settings, queue),
				ServiceQueues.bindings(serviceName, handlers, settings.extraBindings(), settings.genericExchange()),
				settings.deadLetter());
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

}
