package io.mmate.topology;

/**
 * Routing keys for sending and binding patterns for receiving, as the wire format defines them.
 */
public final class RoutingKeys {

	private RoutingKeys() {
	}

	/**
	 * @param targetService the receiving service
	 * @param type the command type name
	 * @return {@code cmd.{targetService}.{type}}
	 */
	public static String command(String targetService, String type) {
		return "cmd." + targetService + "." + type;
	}

	/**
	 * @param aggregateId the event's aggregate id
	 * @param type the event type name
	 * @return {@code evt.{aggregateId}.{type}}
	 */
	public static String event(String aggregateId, String type) {
		return "evt." + aggregateId + "." + type;
	}

	/**
	 * @param type the query type name
	 * @return {@code qry.{type}}
	 */
	public static String query(String type) {
		return "qry." + type;
	}

	/**
	 * Binds events of one type whatever their aggregate id, including ids that contain dots.
	 * @param type the event type name
	 * @return {@code evt.#.{type}}
	 */
	public static String eventBinding(String type) {
		return "evt.#." + type;
	}

	/**
	 * @param queue a service queue
	 * @return {@code dlq.{queue}}, both the dead-letter queue's name and its routing key on {@code mmate.dlx}
	 */
	public static String deadLetter(String queue) {
		return "dlq." + queue;
	}

}
