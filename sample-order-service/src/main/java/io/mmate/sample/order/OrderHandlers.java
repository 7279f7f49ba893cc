package io.mmate.sample.order;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.mmate.MmateHandler;
import io.mmate.sample.order.OrderPlacement.PlacedOrder;
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

	private final OrderPlacement placement;

	private final OrderRepository orders;

	public OrderHandlers(OrderPlacement placement, OrderRepository orders) {
		this.placement = placement;
		this.orders = orders;
	}

	/**
	 * Place an order: store it, schedule its payment reminder and publish {@link OrderPlacedEvent} in one database
	 * transaction ({@link OrderPlacement}), then, after the commit, wait for the broker's confirms of both and answer.
	 * <p>A failure at any step fails the handler, and the command is retried, then dead-lettered (and a requester gets
	 * an error reply) so that it can be replayed. A failure before the commit rolls the order back and sends nothing.
	 * A retry repeats only what has no lasting effect twice: the reminder and the event carry message ids derived
	 * from the order id, and their handlers are idempotent, so a second copy of either is dropped; storing the same
	 * order again changes nothing. A command that breaks the constraints of {@link PlaceOrderCommand} never gets
	 * here: it is dead-lettered at once, and a requester gets the error reply {@code VALIDATION_FAILED} naming the
	 * fields.
	 * @param command the command
	 * @return the reply, sent when the command carries a reply address
	 */
	@MmateHandler
	public PlaceOrderReply placeOrder(@Valid PlaceOrderCommand command) {
		PlacedOrder placed = this.placement.place(command);
		// The transaction has committed, and with it the event and the reminder, written to the outbox in the same
		// transaction: the relay publishes them, and the requester is answered only for an order whose messages are
		// stored.
		awaitConfirm(placed.confirmed());
		Order order = placed.order();
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
	 * Go, reads an unknown order, and a failure of this handler, as {@code success: false} with an error code. The
	 * order is read in a read-only transaction of its own ({@link OrderRepository#findById(String)}).
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

	private static void awaitConfirm(CompletableFuture<?> confirm) {
		try {
			// Bounded: the publisher fails the future after mmate.publisher.confirm-timeout.
			confirm.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

}
