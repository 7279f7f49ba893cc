package io.mmate.sample.order;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.mmate.MessagePublisher;
import io.mmate.MmateHandler;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import io.mmate.sample.order.contracts.GetOrderQuery;
import io.mmate.sample.order.contracts.OrderPlacedEvent;
import io.mmate.sample.order.contracts.OrderReply;
import io.mmate.sample.order.contracts.PlaceOrderCommand;
import io.mmate.sample.order.contracts.PlaceOrderReply;
import jakarta.validation.Valid;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * Handles the order service's commands and queries: places orders and answers questions about them.
 */
@Component
public class OrderHandlers {

	/** The service name of the order service, which handles its own commands. */
	public static final String SERVICE = "order-service";

	/** The error code of a query for an order that does not exist. */
	public static final String ORDER_NOT_FOUND = "ORDER_NOT_FOUND";

	private static final Log logger = LogFactory.getLog(OrderHandlers.class);

	private final OrderRepository orders;

	private final MessagePublisher publisher;

	private final PaymentReminders reminders;

	public OrderHandlers(OrderRepository orders, MessagePublisher publisher, PaymentReminders reminders) {
		this.orders = orders;
		this.publisher = publisher;
		this.reminders = reminders;
	}

	/**
	 * Place an order: schedule its payment reminder, store it, publish {@link OrderPlacedEvent}, waiting for the
	 * broker's confirms, then answer.
	 * <p>A failure at any step fails the handler, and the command is retried, then dead-lettered (and a requester gets
	 * an error reply) so that it can be replayed. A retry repeats only what has no lasting effect twice: the reminder
	 * and the event carry message ids derived from the order id, and their handlers are idempotent, so a second copy
	 * of either is dropped; storing the same order again changes nothing. A command that breaks the constraints of
	 * {@link PlaceOrderCommand} never gets here: it is dead-lettered at once, and a requester gets the error reply
	 * {@code VALIDATION_FAILED} naming the fields.
	 * @param command the command
	 * @return the reply, sent when the command carries a reply address
	 */
	@MmateHandler
	public PlaceOrderReply placeOrder(@Valid PlaceOrderCommand command) {
		// First what may fail for a reason of the broker's (no route to the delay, say): nothing else is done yet.
		this.reminders.schedule(command.orderId());
		Order order = this.orders.save(Order.placed(command));
		awaitConfirm(this.publisher.publishEvent(
				new OrderPlacedEvent(order.orderId(), order.customerId(), order.amount()),
				PublishOptions.defaults().withMessageId(placedEventId(order.orderId()))));
		logger.info("Placed order " + order.orderId() + " for customer " + order.customerId());
		return new PlaceOrderReply(true, order.orderId(), order.status());
	}

	/**
	 * The message id of an order's {@link OrderPlacedEvent}: the same for every attempt at placing the order, so
	 * that idempotent subscribers drop a second copy.
	 * @param orderId the order
	 * @return the message id
	 */
	static String placedEventId(String orderId) {
		return "order-placed-" + orderId;
	}

	/**
	 * Answer a question about one order, always as an {@link OrderReply}: a requester bound to that type, in Java or
	 * Go, reads an unknown order, and a failure of this handler, as {@code success: false} with an error code.
	 * @param query the query
	 * @return the order, or {@code ORDER_NOT_FOUND}
	 */
	@MmateHandler
	public OrderReply getOrder(GetOrderQuery query) {
		return this.orders.findById(query.orderId())
			.map((order) -> OrderReply.found(order.orderId(), order.customerId(), order.amount(), order.items(),
					order.status()))
			.orElseGet(() -> OrderReply.failed(ORDER_NOT_FOUND, "No order with id '" + query.orderId() + "'"));
	}

	private static void awaitConfirm(CompletableFuture<PublishReceipt> confirm) {
		try {
			// Bounded: the publisher fails the future after mmate.publisher.confirm-timeout.
			confirm.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

}
