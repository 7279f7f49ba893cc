package io.mmate.sample.order.fulfilment;

import java.math.BigDecimal;
import java.util.List;

import io.mmate.sample.order.Order;
import io.mmate.sample.order.contracts.OrderItem;

/**
 * The state of one order fulfilment, which travels from stage to stage in the workflow's messages (as JSON): what
 * the order asks for, and what the stages have done so far.
 *
 * @param orderId the order being fulfilled
 * @param customerId the customer who ordered
 * @param amount the amount to charge
 * @param items the order lines, whose stock is reserved
 * @param reservationId the stock reservation, once the stock is reserved
 * @param paymentId the payment, once it is charged
 * @param shipped whether the order has shipped
 */
public record FulfilmentState(String orderId, String customerId, BigDecimal amount, List<OrderItem> items,
		String reservationId, String paymentId, boolean shipped) {

	public FulfilmentState {
		items = (items != null) ? List.copyOf(items) : List.of();
	}

	/**
	 * The state that starts the fulfilment of an order.
	 * @param order the order
	 * @return the state, nothing done yet
	 */
	public static FulfilmentState of(Order order) {
		return new FulfilmentState(order.orderId(), order.customerId(), order.amount(), order.items(), null, null,
				false);
	}

	FulfilmentState withReservation(String reservationId) {
		return new FulfilmentState(this.orderId, this.customerId, this.amount, this.items, reservationId,
				this.paymentId, this.shipped);
	}

	FulfilmentState withPayment(String paymentId) {
		return new FulfilmentState(this.orderId, this.customerId, this.amount, this.items, this.reservationId,
				paymentId, this.shipped);
	}

	FulfilmentState withShipment() {
		return new FulfilmentState(this.orderId, this.customerId, this.amount, this.items, this.reservationId,
				this.paymentId, true);
	}

}
