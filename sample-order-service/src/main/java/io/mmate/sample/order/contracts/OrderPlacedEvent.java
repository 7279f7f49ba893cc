package io.mmate.sample.order.contracts;

import java.math.BigDecimal;

import io.mmate.Event;

/**
 * Published when an order has been placed, routed by its order id.
 *
 * @param orderId the order's id, also the event's aggregate id
 * @param customerId the customer who ordered
 * @param amount the order total
 */
public record OrderPlacedEvent(String orderId, String customerId, BigDecimal amount) implements Event {

	@Override
	public String aggregateId() {
		return this.orderId;
	}

}
