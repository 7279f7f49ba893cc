package io.mmate.sample.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mmate.MessageContext;
import io.mmate.MmateHandler;
import io.mmate.sample.order.contracts.OrderPlacedEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * Subscribes to {@link OrderPlacedEvent} and records a customer notification for each, to show publish/subscribe.
 */
@Component
public class OrderNotificationHandler {

	private static final Log logger = LogFactory.getLog(OrderNotificationHandler.class);

	private final List<Notification> notifications = new CopyOnWriteArrayList<>();

	/**
	 * Notify the customer of a placed order.
	 * @param event the event
	 * @param context the delivery, for the event's message id and time
	 */
	// Partitioned by the order id (the event's aggregate id): the events of one order are handled in order, by one
	// consumer at a time, however many instances run.
	@MmateHandler(partitioned = true, idempotent = true)
	public void onOrderPlaced(OrderPlacedEvent event, MessageContext context) {
		Notification notification = new Notification(event.orderId(), event.customerId(), event.amount(),
				context.messageId(), (context.timestamp() != null) ? context.timestamp() : Instant.now());
		this.notifications.add(notification);
		logger.info("Notified customer " + event.customerId() + " that order " + event.orderId() + " was placed");
	}

	/**
	 * The notifications recorded so far, oldest first.
	 * @return an unmodifiable snapshot
	 */
	public List<Notification> notifications() {
		return List.copyOf(this.notifications);
	}

	/**
	 * A notification sent to a customer about a placed order.
	 *
	 * @param orderId the order's id
	 * @param customerId the customer notified
	 * @param amount the order total
	 * @param eventId the message id of the event that caused it
	 * @param placedAt when the event was published
	 */
	public record Notification(String orderId, String customerId, BigDecimal amount, String eventId,
			Instant placedAt) {

	}

}
