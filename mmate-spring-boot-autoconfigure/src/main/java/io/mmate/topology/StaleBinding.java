package io.mmate.topology;

import org.springframework.amqp.core.Binding;

/**
 * A binding a queue must not have (any more): removed when the topology is declared. When a handler moves from the
 * service queue to partitions or broadcast, the broker would otherwise keep delivering its messages to the service
 * queue too. Removing a binding that does not exist is harmless.
 */
public class StaleBinding extends Binding {

	/**
	 * Create a stale binding of a queue.
	 * @param queue the queue
	 * @param exchange the exchange
	 * @param routingKey the binding pattern
	 */
	public StaleBinding(String queue, String exchange, String routingKey) {
		super(queue, DestinationType.QUEUE, exchange, routingKey, null);
	}

}
