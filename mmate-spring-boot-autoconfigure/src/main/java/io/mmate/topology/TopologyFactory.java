package io.mmate.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mmate.delay.DelayMechanism;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;

/**
 * Turns queue specs into declarations: the six Mmate exchanges, each service queue with its bindings and, when
 * asked, its dead-letter queue bound to {@code mmate.dlx}.
 */
public final class TopologyFactory {

	private TopologyFactory() {
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
