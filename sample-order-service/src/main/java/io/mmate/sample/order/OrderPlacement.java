package io.mmate.sample.order;

import java.util.concurrent.CompletableFuture;

import io.mmate.MessagePublisher;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import io.mmate.sample.order.contracts.OrderPlacedEvent;
import io.mmate.sample.order.contracts.PlaceOrderCommand;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places an order in one database transaction: stores it, and schedules its payment reminder and publishes
 * {@link OrderPlacedEvent}, both of which the starter holds back until the transaction commits (and drops if it rolls
 * back, {@code mmate.publisher.defer-in-transactions}), so that no message announces an order the database did not
 * store.
 */
@Component
public class OrderPlacement {

	private final OrderRepository orders;

	private final MessagePublisher publisher;

	private final PaymentReminders reminders;

	public OrderPlacement(OrderRepository orders, MessagePublisher publisher, PaymentReminders reminders) {
		this.orders = orders;
		this.publisher = publisher;
		this.reminders = reminders;
	}

	/**
	 * Place an order. The reminder and the event are written to the outbox in the order's transaction; the returned
	 * future completes once that transaction has committed (the outbox relay then publishes them with confirms): a
	 * caller waits for it after this method has returned, never inside the transaction, which commits only on return.
	 * @param command the command that places the order
	 * @return the stored order, and the completion of its messages' commit
	 */
	@Transactional
	public PlacedOrder place(PlaceOrderCommand command) {
		CompletableFuture<PublishReceipt> reminder = this.reminders.schedule(command.orderId());
		Order order = this.orders.save(Order.placed(command));
		CompletableFuture<PublishReceipt> event = this.publisher.publishEvent(
				new OrderPlacedEvent(order.orderId(), order.customerId(), order.amount()),
				PublishOptions.defaults().withMessageId(OrderHandlers.placedEventId(order.orderId())));
		return new PlacedOrder(order, CompletableFuture.allOf(reminder, event));
	}

	/**
	 * An order stored by {@link #place(PlaceOrderCommand)}.
	 *
	 * @param order the order
	 * @param confirmed completes when its reminder and event are committed to the outbox
	 */
	public record PlacedOrder(Order order, CompletableFuture<Void> confirmed) {

	}

}
