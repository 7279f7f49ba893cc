package io.mmate.sample.order;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mmate.MessageScheduler;
import io.mmate.MmateHandler;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import io.mmate.sample.order.contracts.PaymentReminderCommand;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * Reminds customers of unpaid orders: when an order is placed, a {@link PaymentReminderCommand} is scheduled through
 * the broker for {@code sample.payment-reminder-delay} later; when it arrives and the order is still unpaid, the
 * reminder is sent (here: recorded and logged).
 */
@Component
public class PaymentReminders {

	private static final Log logger = LogFactory.getLog(PaymentReminders.class);

	private final MessageScheduler scheduler;

	private final OrderRepository orders;

	private final Duration delay;

	private final List<String> sent = new CopyOnWriteArrayList<>();

	public PaymentReminders(MessageScheduler scheduler, OrderRepository orders, OrderServiceProperties properties) {
		this.scheduler = scheduler;
		this.orders = orders;
		this.delay = properties.paymentReminderDelay();
	}

	/**
	 * Schedule the reminder of a new order. Every attempt at placing the order schedules it with the same message id,
	 * so the reminder's idempotent handler drops a second copy. Inside a transaction it is scheduled when the
	 * transaction commits.
	 * @param orderId the order
	 * @return completes when the broker holds the reminder
	 */
	CompletableFuture<PublishReceipt> schedule(String orderId) {
		return this.scheduler.scheduleCommand(new PaymentReminderCommand(orderId), OrderHandlers.SERVICE,
				Instant.now().plus(this.delay), PublishOptions.defaults().withMessageId("payment-reminder-" + orderId));
	}

	/**
	 * Send the reminder if the order is still unpaid.
	 * @param command the due reminder
	 */
	@MmateHandler(idempotent = true)
	public void remind(PaymentReminderCommand command) {
		this.orders.findById(command.orderId())
			.filter((order) -> Order.PLACED.equals(order.status()))
			.ifPresent((order) -> {
				this.sent.add(order.orderId());
				logger.info("Payment reminder sent for order " + order.orderId() + " to customer "
						+ order.customerId());
			});
	}

	/**
	 * The orders reminded so far.
	 * @return their ids, in order
	 */
	public List<String> sent() {
		return List.copyOf(this.sent);
	}

}
