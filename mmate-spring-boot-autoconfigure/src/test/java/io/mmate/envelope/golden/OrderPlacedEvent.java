package io.mmate.envelope.golden;

import java.math.BigDecimal;

import io.mmate.Event;

/**
 * The event of the golden fixtures, whose aggregate is the order.
 *
 * @param orderId the order id, also the aggregate id
 * @param customerId the customer id
 * @param amount the order total
 * @param sequence the position of the event in the order's history
 */
public record OrderPlacedEvent(String orderId, String customerId, BigDecimal amount, long sequence) implements Event {

	@Override
	public String aggregateId() {
		return this.orderId;
	}

}
