package io.mmate.delay;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The arguments of the durable queues the starter declares for its own machinery (delay levels, relay and tick
 * queues), classic or quorum. On a cluster every one of them is a quorum queue, so that one node's death loses
 * nothing and stops nothing.
 */
public final class DurableQueues {

	private DurableQueues() {
	}

	/**
	 * A queue's arguments with its type.
	 * @param replicated whether the queue is a quorum queue
	 * @param extra the other arguments
	 * @return {@code x-queue-type: quorum} first for a quorum queue, then the others
	 */
	public static Map<String, Object> arguments(boolean replicated, Map<String, Object> extra) {
		Map<String, Object> arguments = new LinkedHashMap<>();
		if (replicated) {
			arguments.put("x-queue-type", "quorum");
		}
		arguments.putAll(extra);
		return arguments;
	}

	/**
	 * The arguments that make a quorum queue dead-letter at least once: a message moves to its dead-letter exchange
	 * only once that exchange's queues have it, instead of being dropped when a node dies in between. The broker
	 * requires that such a queue refuses new messages when full, rather than dropping its oldest.
	 * @param deadLettering the queue's dead-letter arguments
	 * @return the arguments with the strategy and overflow behaviour added
	 */
	public static Map<String, Object> deadLetteredAtLeastOnce(Map<String, Object> deadLettering) {
		Map<String, Object> arguments = new LinkedHashMap<>(deadLettering);
		arguments.put("x-dead-letter-strategy", "at-least-once");
		arguments.put("x-overflow", "reject-publish");
		return arguments;
	}

}
