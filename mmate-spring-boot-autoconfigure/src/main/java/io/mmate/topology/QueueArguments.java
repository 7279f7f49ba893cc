package io.mmate.topology;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The arguments the starter's durable queues are declared with. Configured arguments win over the ones decided here,
 * so an operator can always state what an existing queue already has.
 */
final class QueueArguments {

	private QueueArguments() {
	}

	/**
	 * The extra arguments of the service queue: the configured ones, and what strict order and dead-lettering ask of
	 * the broker. Without the queue type, which {@link #declared} adds.
	 * @param settings the settings
	 * @param queue the service queue
	 * @return the arguments
	 */
	static Map<String, Object> serviceQueue(TopologySettings settings, String queue) {
		Map<String, Object> arguments = new LinkedHashMap<>(settings.arguments());
		if (settings.fifo()) {
			arguments.putIfAbsent("x-single-active-consumer", true);
		}
		// Classic queues have no delivery limit: the listener counts deliveries in headers instead.
		if (settings.queueType() == QueueType.QUORUM && settings.deadLetter() && settings.deliveryLimit() > 0) {
			// The broker's own backstop: a message whose handler keeps crashing the process goes to the DLQ.
			arguments.putIfAbsent("x-delivery-limit", (long) settings.deliveryLimit());
			arguments.putIfAbsent("x-dead-letter-exchange", Exchanges.DEAD_LETTER);
			arguments.putIfAbsent("x-dead-letter-routing-key", RoutingKeys.deadLetter(queue));
		}
		return arguments;
	}

	/**
	 * The settings that decide an argument of the service queue, present or not, as a mismatch report names them.
	 * @param settings the settings
	 * @param argument the argument
	 * @return the properties and their values
	 */
	static String serviceQueueSettingsOf(TopologySettings settings, String argument) {
		if (settings.arguments().containsKey(argument)) {
			return "mmate.queue.arguments." + argument + " (" + settings.arguments().get(argument) + ")";
		}
		return switch (argument) {
			case "x-queue-type" -> queueTypeSetting(settings.queueType());
			case "x-single-active-consumer" -> "mmate.fifo (" + settings.fifo() + ")";
			case "x-delivery-limit", "x-dead-letter-exchange", "x-dead-letter-routing-key" ->
				queueTypeSetting(settings.queueType()) + ", mmate.queue.delivery-limit (" + settings.deliveryLimit()
						+ ") and mmate.dead-letter.enabled (" + settings.deadLetter() + "): a quorum service queue "
						+ "with a delivery limit above 0 and dead-lettering gets x-delivery-limit and the dead-letter "
						+ "arguments, a classic one (as Go declares it) none of them";
			default -> "mmate.queue.arguments." + argument + " (not set)";
		};
	}

	/**
	 * The settings that decide an argument of a dead-letter or partition queue: only the queue type.
	 * @param type the queue type
	 * @param argument the argument
	 * @return the property and its value, or {@code null} when no setting decides the argument
	 */
	static String typeSettingOf(QueueType type, String argument) {
		return "x-queue-type".equals(argument) ? queueTypeSetting(type) : null;
	}

	private static String queueTypeSetting(QueueType type) {
		return "mmate.queue.type (" + type.name().toLowerCase(Locale.ROOT) + ")";
	}

	/**
	 * The arguments of a partition queue: one active consumer of all instances, so each key is handled in order.
	 * @param type the queue type
	 * @return the arguments
	 */
	static Map<String, Object> partitionQueue(QueueType type) {
		return declared(type, Map.of("x-single-active-consumer", true));
	}

	/**
	 * The length limit of a dead-letter queue. {@code reject-publish} rather than the broker's default
	 * {@code drop-head}: a full queue refuses new dead letters, which the publisher's confirm reports, instead of
	 * silently dropping the oldest.
	 * @param maxLength the most messages it holds
	 * @return the arguments
	 */
	static Map<String, Object> lengthLimit(int maxLength) {
		Map<String, Object> arguments = new LinkedHashMap<>();
		arguments.put("x-max-length", (long) maxLength);
		arguments.put("x-overflow", "reject-publish");
		return arguments;
	}

	/**
	 * The arguments to declare a queue with.
	 * @param type the queue type
	 * @param extra the other arguments
	 * @return the type argument, then the others
	 */
	static Map<String, Object> declared(QueueType type, Map<String, Object> extra) {
		Map<String, Object> arguments = new LinkedHashMap<>(type(type));
		arguments.putAll(extra);
		return arguments;
	}

	/**
	 * The argument that makes a queue of a type.
	 * @param type the queue type
	 * @return {@code x-queue-type} for a quorum queue, nothing for a classic one
	 */
	static Map<String, Object> type(QueueType type) {
		// A classic queue is declared without x-queue-type, as Go declares it, so the arguments match.
		return (type == QueueType.QUORUM) ? Map.of("x-queue-type", "quorum") : Map.of();
	}

}
