package io.mmate.topology;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.amqp.core.Queue;

/**
 * A durable queue declared with a length limit when it is created, and left as it is when it exists already without
 * that limit: queue arguments cannot change on an existing queue, and the limit must not stop a service whose queue
 * predates it from starting. The {@link TopologyDeclarer} falls back to {@link #withoutLimit()} when the broker
 * refuses the limit as inequivalent, and says how to add it.
 */
public class LengthLimitedQueue extends Queue {

	private final Map<String, Object> withoutLimit;

	/**
	 * Create the queue.
	 * @param name the queue name
	 * @param arguments its arguments without the limit
	 * @param limit the arguments of the limit
	 */
	public LengthLimitedQueue(String name, Map<String, Object> arguments, Map<String, Object> limit) {
		super(name, true, false, false, merged(arguments, limit));
		this.withoutLimit = Map.copyOf(arguments);
	}

	/**
	 * The same queue without the limit, as it was declared before there was one.
	 * @return the queue
	 */
	public Queue withoutLimit() {
		return new Queue(getName(), true, false, false, this.withoutLimit);
	}

	private static Map<String, Object> merged(Map<String, Object> arguments, Map<String, Object> limit) {
		Map<String, Object> merged = new LinkedHashMap<>(arguments);
		merged.putAll(limit);
		return merged;
	}

}
