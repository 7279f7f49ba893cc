package io.mmate.topology;

import java.util.List;

import io.mmate.MessageKind;
import io.mmate.dispatch.Arrival;
import io.mmate.dispatch.ArrivalCheck;
import io.mmate.dispatch.HandlerDefinition;
import org.jspecify.annotations.Nullable;

/**
 * The rule that a message goes to its handler only when the way it arrived fits the handler's kind. A pure function of
 * the handler, the kind the message states and its route, so that every case is testable without a broker:
 * <ul>
 * <li>from {@code mmate.commands}: commands routed {@code cmd.{thisService}.{Type}}; from {@code mmate.events}: events
 * routed {@code evt.{aggregateId}.{Type}}; from {@code mmate.queries}: queries routed {@code qry.{Type}}; from
 * {@code mmate.messages}: any of the three, its kind read from the routing key;</li>
 * <li>through a binding of {@code mmate.queue.bindings}: whatever that binding routes, as long as it does not come from
 * one of the kind exchanges above with another kind (the application chose to route it here);</li>
 * <li>through the default exchange or a delay exchange ({@code mmate.delay.*}), as the starter's own copies arrive
 * (delayed redeliveries, counted requeues, replayed dead letters): by the route in their
 * {@code x-mmate-original-*} headers; without those, only when the message's {@code x-message-kind} header states
 * the handler's kind (a reply handler also takes replies that state none, as replies come that way);</li>
 * <li>never when the message's {@code x-message-kind} header states another kind than its handler's.</li>
 * </ul>
 * Partitions and broadcast queues need nothing of their own: a message routed to them through an exchange-to-exchange
 * binding is delivered with the exchange and routing key it was published with.
 */
public final class RouteKindRule implements ArrivalCheck {

	private static final String DELAY_EXCHANGE_PREFIX = "mmate.delay.";

	private final String serviceName;

	private final List<BindingSpec> extraBindings;

	/**
	 * Create the rule of one service.
	 * @param serviceName the service name, which commands to it carry in their routing key
	 * @param extraBindings the bindings of {@code mmate.queue.bindings}
	 */
	public RouteKindRule(String serviceName, List<BindingSpec> extraBindings) {
		this.serviceName = serviceName;
		this.extraBindings = List.copyOf(extraBindings);
	}

	@Override
	public @Nullable String mismatch(HandlerDefinition handler, @Nullable MessageKind statedKind, Arrival arrival) {
		MessageKind kind = handler.kind();
		if (statedKind != null && statedKind != kind) {
			return describe(handler, arrival) + ", and its x-message-kind header says it is " + article(statedKind);
		}
		// Only the starter's own ways back to a queue take the original route; on any other exchange the headers are
		// whatever the sender wrote.
		boolean original = isDirect(arrival.exchange()) && arrival.originalExchange() != null;
		String exchange = original ? arrival.originalExchange() : arrival.exchange();
		String routingKey = original
				? ((arrival.originalRoutingKey() != null) ? arrival.originalRoutingKey() : "") : arrival.routingKey();
		return fits(handler, statedKind, exchange, routingKey) ? null : describe(handler, arrival);
	}

	// Called for every delivery: compares without building strings.
	private boolean fits(HandlerDefinition handler, @Nullable MessageKind statedKind, String exchange,
			String routingKey) {
		MessageKind kind = handler.kind();
		if (isDirect(exchange)) {
			return statedKind == kind || (statedKind == null && kind == MessageKind.REPLY);
		}
		MessageKind routeKind = kindOf(exchange, routingKey);
		if (routeKind != null && routeKind != kind) {
			return false;
		}
		if (routeKind != null && isStandardKey(kind, handler.typeName(), routingKey)) {
			return true;
		}
		return boundExplicitly(exchange, routingKey);
	}

	private static boolean isDirect(String exchange) {
		return exchange.isEmpty() || exchange.startsWith(DELAY_EXCHANGE_PREFIX);
	}

	private static @Nullable MessageKind kindOf(String exchange, String routingKey) {
		return switch (exchange) {
			case Exchanges.COMMANDS -> MessageKind.COMMAND;
			case Exchanges.EVENTS -> MessageKind.EVENT;
			case Exchanges.QUERIES -> MessageKind.QUERY;
			case Exchanges.MESSAGES -> kindOfKey(routingKey);
			default -> null;
		};
	}

	private static @Nullable MessageKind kindOfKey(String routingKey) {
		if (routingKey.startsWith("cmd.")) {
			return MessageKind.COMMAND;
		}
		if (routingKey.startsWith("evt.")) {
			return MessageKind.EVENT;
		}
		return routingKey.startsWith("qry.") ? MessageKind.QUERY : null;
	}

	/**
	 * Whether a routing key is the one the wire format gives the kind: {@code cmd.{service}.{type}},
	 * {@code evt.{aggregateId}.{type}} (any aggregate id, dots included, as {@code evt.#.{type}} binds it), or
	 * {@code qry.{type}}.
	 */
	private boolean isStandardKey(MessageKind kind, String type, String routingKey) {
		return switch (kind) {
			case COMMAND -> routingKey.length() == 5 + this.serviceName.length() + type.length()
					&& routingKey.startsWith("cmd.") && routingKey.startsWith(this.serviceName, 4)
					&& routingKey.charAt(4 + this.serviceName.length()) == '.' && routingKey.endsWith(type);
			case EVENT -> routingKey.startsWith("evt.") && routingKey.endsWith(type)
					&& (routingKey.length() == 4 + type.length()
							|| routingKey.charAt(routingKey.length() - type.length() - 1) == '.');
			case QUERY -> routingKey.length() == 4 + type.length() && routingKey.startsWith("qry.")
					&& routingKey.endsWith(type);
			case REPLY -> false;
		};
	}

	private boolean boundExplicitly(String exchange, String routingKey) {
		for (BindingSpec binding : this.extraBindings) {
			if (binding.exchange().equals(exchange) && TopicPattern.matches(binding.routingKey(), routingKey)) {
				return true;
			}
		}
		return false;
	}

	private static String describe(HandlerDefinition handler, Arrival arrival) {
		String description = "Message type '" + handler.typeName() + "' is handled as "
				+ article(handler.kind()) + ", but arrived on exchange '" + arrival.exchange() + "' with routing key '"
				+ arrival.routingKey() + "'";
		if (isDirect(arrival.exchange()) && arrival.originalExchange() != null) {
			description += " (first published to exchange '" + arrival.originalExchange() + "' with routing key '"
					+ arrival.originalRoutingKey() + "')";
		}
		return description;
	}

	private static String article(MessageKind kind) {
		String name = kind.headerValue();
		return (name.startsWith("e") ? "an " : "a ") + name;
	}

}
