package io.mmate.topology;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.mmate.dispatch.HandlerDefinition;

/**
 * Names of service queues and the bindings their handlers need.
 */
public final class ServiceQueues {

	private ServiceQueues() {
	}

	/**
	 * @param serviceName the service name
	 * @return {@code {serviceName}-queue}
	 */
	public static String queueName(String serviceName) {
		return serviceName + "-queue";
	}

	/**
	 * The bindings that deliver what the handlers handle: commands addressed to this service, events of a handled
	 * type from any aggregate, and queries of a handled type. Replies need none: they come through the default
	 * exchange.
	 * @param serviceName the service name
	 * @param handlers the handlers
	 * @param extra bindings from configuration, added after the derived ones
	 * @return the bindings without duplicates
	 */
	public static List<BindingSpec> bindings(String serviceName, Collection<HandlerDefinition> handlers,
			List<BindingSpec> extra) {
		return bindings(serviceName, handlers, extra, false);
	}

	/**
	 * The bindings that deliver what the handlers handle, on their own exchanges and optionally on
	 * {@code mmate.messages} too.
	 * @param serviceName the service name
	 * @param handlers the handlers
	 * @param extra bindings from configuration, added after the derived ones
	 * @param genericExchange whether each binding is made on {@code mmate.messages} too
	 * @return the bindings without duplicates
	 */
	public static List<BindingSpec> bindings(String serviceName, Collection<HandlerDefinition> handlers,
			List<BindingSpec> extra, boolean genericExchange) {
		List<BindingSpec> bindings = new ArrayList<>(handlerBindings(serviceName, handlers,
				HandlerDefinition.Delivery.SERVICE_QUEUE, genericExchange));
		extra.stream().filter((binding) -> !bindings.contains(binding)).forEach(bindings::add);
		return bindings;
	}

	/**
	 * The bindings that deliver what the handlers of one kind of delivery handle.
	 * @param serviceName the service name
	 * @param handlers the handlers
	 * @param delivery which handlers: those of the service queue, broadcast or partitioned
	 * @return the bindings without duplicates
	 */
	public static List<BindingSpec> handlerBindings(String serviceName, Collection<HandlerDefinition> handlers,
			HandlerDefinition.Delivery delivery) {
		return handlerBindings(serviceName, handlers, delivery, false);
	}

	/**
	 * The bindings that deliver what the handlers of one kind of delivery handle, each followed by the same routing
	 * key on {@code mmate.messages} when asked: Go's {@code Publish}, given no exchange, sends a command, event or
	 * query there with its usual routing key.
	 * @param serviceName the service name
	 * @param handlers the handlers
	 * @param delivery which handlers: those of the service queue, broadcast or partitioned
	 * @param genericExchange whether each binding is made on {@code mmate.messages} too
	 * @return the bindings without duplicates
	 */
	public static List<BindingSpec> handlerBindings(String serviceName, Collection<HandlerDefinition> handlers,
			HandlerDefinition.Delivery delivery, boolean genericExchange) {
		Set<BindingSpec> bindings = new LinkedHashSet<>();
		for (HandlerDefinition handler : handlers) {
			if (handler.delivery() != delivery) {
				continue;
			}
			BindingSpec binding = switch (handler.kind()) {
				case COMMAND -> new BindingSpec(Exchanges.COMMANDS,
						RoutingKeys.command(serviceName, handler.typeName()));
				case EVENT -> new BindingSpec(Exchanges.EVENTS, RoutingKeys.eventBinding(handler.typeName()));
				case QUERY -> new BindingSpec(Exchanges.QUERIES, RoutingKeys.query(handler.typeName()));
				case REPLY -> null;
			};
			if (binding != null) {
				bindings.add(binding);
				if (genericExchange) {
					bindings.add(new BindingSpec(Exchanges.MESSAGES, binding.routingKey()));
				}
			}
		}
		return new ArrayList<>(bindings);
	}

}
