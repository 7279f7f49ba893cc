package io.mmate.sample.order.contracts;

import java.math.BigDecimal;
import java.util.List;

import io.mmate.Command;

/**
 * Asks the order service to place an order; answered with a {@link PlaceOrderReply} when sent with a reply address.
 *
 * @param orderId the id the sender chose for the order
 * @param customerId the customer who orders
 * @param amount the order total
 * @param items the order lines
 */
public record PlaceOrderCommand(String orderId, String customerId, BigDecimal amount, List<OrderItem> items)
		implements Command {

	public PlaceOrderCommand {
		items = (items != null) ? List.copyOf(items) : List.of();
	}

}
