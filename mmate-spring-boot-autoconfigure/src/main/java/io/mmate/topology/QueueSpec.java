package io.mmate.topology;

import java.util.List;
import java.util.Map;

/**
 * A service queue to declare: its name, type, extra arguments, bindings and whether it has a dead-letter queue.
 *
 * @param name the queue name
 * @param type the queue type
 * @param arguments extra queue arguments, declared as given
 * @param bindings the bindings
 * @param deadLetterQueue whether to declare {@code dlq.{name}} bound to {@code mmate.dlx}
 */
public record QueueSpec(String name, QueueType type, Map<String, Object> arguments, List<BindingSpec> bindings,
		boolean deadLetterQueue) {

	public QueueSpec {
		arguments = Map.copyOf(arguments);
		bindings = List.copyOf(bindings);
	}

}
