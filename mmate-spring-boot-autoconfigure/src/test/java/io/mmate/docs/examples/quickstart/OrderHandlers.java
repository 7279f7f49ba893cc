package io.mmate.docs.examples.quickstart;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.mmate.ErrorReply;
import io.mmate.MessagePublisher;
import io.mmate.MmateHandler;
import io.mmate.Reply;
import io.mmate.docs.examples.quickstart.QuickStartMessages.GetOrderQuery;
import io.mmate.docs.examples.quickstart.QuickStartMessages.OrderPlacedEvent;
import io.mmate.docs.examples.quickstart.QuickStartMessages.OrderReply;
import io.mmate.docs.examples.quickstart.QuickStartMessages.PlaceOrderCommand;

import org.springframework.stereotype.Component;

// The handlers of the quick start in the README. Documentation example: compiled, and compared with the README by
// DocsExamplesTests.
// tag::handlers[]
@Component
class OrderHandlers {

	private final Map<String, PlaceOrderCommand> orders = new ConcurrentHashMap<>();

	private final MessagePublisher publisher;

	OrderHandlers(MessagePublisher publisher) {
		this.publisher = publisher;
	}

	@MmateHandler
	void on(PlaceOrderCommand command) {
		orders.put(command.orderId(), command);
		// join() waits for the broker's confirm: if it fails, the command is retried
		publisher.publishEvent(new OrderPlacedEvent(command.orderId(), command.amount())).join();
	}

	@MmateHandler
	Reply on(GetOrderQuery query) {
		PlaceOrderCommand order = orders.get(query.orderId());
		return (order != null) ? new OrderReply(true, order.orderId(), "PLACED")
				: ErrorReply.of("ORDER_NOT_FOUND", "No order " + query.orderId());
	}

}
// end::handlers[]
