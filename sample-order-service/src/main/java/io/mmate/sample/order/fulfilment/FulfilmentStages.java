package io.mmate.sample.order.fulfilment;

import io.mmate.sample.order.Order;
import io.mmate.sample.order.OrderRepository;
import io.mmate.stageflow.StageContext;
import io.mmate.stageflow.StageResult;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The work of the order fulfilment's stages and of their compensations, one method each, as
 * {@link FulfilmentConfiguration} wires them into the workflow. The engine may run a stage twice for an instance (after
 * a crash, before it acknowledged the stage's message), so each is keyed by the workflow instance and finds its own
 * work done the second time: the instance id is the reservation id and the payment id.
 */
@Component
public class FulfilmentStages {

	private final Warehouse warehouse;

	private final Payments payments;

	private final OrderRepository orders;

	public FulfilmentStages(Warehouse warehouse, Payments payments, OrderRepository orders) {
		this.warehouse = warehouse;
		this.payments = payments;
		this.orders = orders;
	}

	/**
	 * Stage {@code reserve-stock}: hold the stock of the order's lines.
	 * @param state the fulfilment
	 * @param context the instance
	 * @return the state with its reservation
	 */
	public FulfilmentState reserveStock(FulfilmentState state, StageContext context) {
		this.warehouse.reserve(context.instanceId(), state.items());
		return state.withReservation(context.instanceId());
	}

	/**
	 * Compensation of {@code reserve-stock}: give the stock back.
	 * @param state the fulfilment when a later stage failed
	 * @param original what {@code reserve-stock} did
	 * @param context the instance
	 */
	public void releaseStock(FulfilmentState state, StageResult original, StageContext context) {
		this.warehouse.release(state.reservationId());
	}

	/**
	 * Stage {@code charge-payment}: charge the order's amount, declined for good above {@code sample.card-limit}.
	 * @param state the fulfilment
	 * @param context the instance
	 * @return the state with its payment
	 */
	public FulfilmentState chargePayment(FulfilmentState state, StageContext context) {
		this.payments.charge(context.instanceId(), state.orderId(), state.amount());
		return state.withPayment(context.instanceId());
	}

	/**
	 * Compensation of {@code charge-payment}: refund the payment.
	 * @param state the fulfilment when a later stage failed
	 * @param original what {@code charge-payment} did
	 * @param context the instance
	 */
	public void refundPayment(FulfilmentState state, StageResult original, StageContext context) {
		this.payments.refund(state.paymentId());
	}

	/**
	 * Stage {@code ship}, the last: record the shipment and mark the order {@link Order#SHIPPED}, in one transaction.
	 * @param state the fulfilment
	 * @param context the instance
	 * @return the state, shipped
	 */
	@Transactional
	public FulfilmentState ship(FulfilmentState state, StageContext context) {
		this.warehouse.ship(state.reservationId(), state.orderId());
		this.orders.findById(state.orderId()).ifPresent((order) -> this.orders.save(order.withStatus(Order.SHIPPED)));
		return state.withShipment();
	}

}
