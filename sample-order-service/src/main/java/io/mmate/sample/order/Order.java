package io.mmate.sample.order;

import java.math.BigDecimal;
import java.util.List;

import io.mmate.sample.order.contracts.OrderItem;
import io.mmate.sample.order.contracts.PlaceOrderCommand;

/**
 * An order as the order service stores it.
 *
 * @param orderId the order's id
 * @param customerId the customer who ordered
 * @param amount the order total
 * @param items the order lines
 * @param status the order's status
 */
public record Order(String orderId, String customerId, BigDecimal amount, List<OrderItem> items, String status) {

	/** The status of an order that has been placed. */
	public static final String PLACED = "PLACED";

	/** The status of an order whose fulfilment has shipped it, paid. */
	public static final String SHIPPED = "SHIPPED";

	public Order {
		items = (items != null) ? List.copyOf(items) : List.of();
	}

	/**
	 * This order with another status.
	 * @param status the new status
	 * @return the order
	 */
	public Order withStatus(String status) {
		return new Order(this.orderId, this.customerId, this.amount, this.items, status);
	}

	/**
	 * A placed order from the command that placed it.
	 * @param command the command
	 * @return the order
	 */
	public static Order placed(PlaceOrderCommand command) {
		return new Order(command.orderId(), command.customerId(), command.amount(), command.items(), PLACED);
	}

}
