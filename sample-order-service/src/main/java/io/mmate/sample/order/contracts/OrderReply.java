package io.mmate.sample.order.contracts;

import java.math.BigDecimal;
import java.util.List;

import io.mmate.Reply;

/**
 * The answer to a {@link GetOrderQuery}: the order, or why there is none ({@code success: false} with an error
 * code). A failure comes as this type too, so that a requester bound to it, in Java or Go, reads it.
 *
 * @param success whether the order was found
 * @param orderId the order's id
 * @param customerId the customer who ordered
 * @param amount the order total
 * @param items the order lines
 * @param status the order's status
 * @param errorCode why there is no order, for example {@code ORDER_NOT_FOUND}; {@code null} on success
 * @param errorMessage the reason in words; {@code null} on success
 */
public record OrderReply(boolean success, String orderId, String customerId, BigDecimal amount, List<OrderItem> items,
		String status, String errorCode, String errorMessage) implements Reply {

	public OrderReply {
		items = (items != null) ? List.copyOf(items) : List.of();
	}

	/**
	 * The answer for an order that exists.
	 * @param orderId the order's id
	 * @param customerId the customer who ordered
	 * @param amount the order total
	 * @param items the order lines
	 * @param status the order's status
	 * @return the reply
	 */
	public static OrderReply found(String orderId, String customerId, BigDecimal amount, List<OrderItem> items,
			String status) {
		return new OrderReply(true, orderId, customerId, amount, items, status, null, null);
	}

	/**
	 * The answer when there is no order to show.
	 * @param errorCode why, for example {@code ORDER_NOT_FOUND}
	 * @param errorMessage the reason in words
	 * @return the reply
	 */
	public static OrderReply failed(String errorCode, String errorMessage) {
		return new OrderReply(false, null, null, null, null, null, errorCode, errorMessage);
	}

}
