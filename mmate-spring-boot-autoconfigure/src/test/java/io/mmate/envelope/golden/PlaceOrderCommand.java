package io.mmate.envelope.golden;

import java.math.BigDecimal;
import java.util.List;

import io.mmate.Command;

/**
 * The command of the golden fixtures, shaped like the Go service's {@code PlaceOrderCommand}.
 *
 * @param orderId the order id
 * @param customerId the customer id
 * @param amount the order total
 * @param items the order lines
 */
public record PlaceOrderCommand(String orderId, String customerId, BigDecimal amount, List<Item> items)
		implements Command {

	/**
	 * One order line.
	 *
	 * @param sku the stock keeping unit
	 * @param quantity how many
	 * @param price the unit price
	 */
	public record Item(String sku, int quantity, BigDecimal price) {

	}

}
