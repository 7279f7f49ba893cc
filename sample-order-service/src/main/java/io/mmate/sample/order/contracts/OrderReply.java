package io.mmate.sample.order.contracts;

import java.math.BigDecimal;
import java.util.List;

import io.mmate.Reply;

/**
 * The answer to a {@link GetOrderQuery} for an order that exists.
 *
 * @param success whether the order was found
 * @param orderId the order's id
 * @param customerId the customer who ordered
 * @param amount the order total
 * @param items the order lines
 * @param status the order's status
 */
public record OrderReply(boolean success, String orderId, String customerId, BigDecimal amount, List<OrderItem> items,
		String status) implements Reply {

	public OrderReply {
		items = (items != null) ? List.copyOf(items) : List.of();
	}

}
