package io.mmate.dispatch;

/**
 * How a delivery reached its queue: the exchange and routing key it was delivered with, and, for a copy the starter
 * sent back to the queue itself (a delayed redelivery, a counted requeue, a replayed dead letter), the exchange and
 * routing key the message was first published with, from its {@code x-mmate-original-*} headers.
 *
 * @param exchange the exchange it was delivered from, {@code ""} for the default exchange
 * @param routingKey the routing key it was delivered with
 * @param originalExchange the exchange it was first published to, or {@code null} when it carries none
 * @param originalRoutingKey the routing key it was first published with, or {@code null} when it carries none
 */
public record Arrival(String exchange, String routingKey, String originalExchange, String originalRoutingKey) {

	public Arrival {
		exchange = (exchange != null) ? exchange : "";
		routingKey = (routingKey != null) ? routingKey : "";
	}

	/**
	 * A delivery straight from where it was published.
	 * @param exchange the exchange
	 * @param routingKey the routing key
	 * @return the arrival
	 */
	public static Arrival direct(String exchange, String routingKey) {
		return new Arrival(exchange, routingKey, null, null);
	}

}
