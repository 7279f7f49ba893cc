package io.mmate.docs.examples.migrating;

import java.math.BigDecimal;
import java.time.Duration;

import io.mmate.MessagePublisher;
import io.mmate.MessageRequester;
import io.mmate.docs.examples.quickstart.QuickStartMessages.GetOrderQuery;
import io.mmate.docs.examples.quickstart.QuickStartMessages.OrderReply;
import io.mmate.docs.examples.quickstart.QuickStartMessages.PlaceOrderCommand;

/**
 * Sending to the order service of {@code docs/migrating.md} with Mmate. Documentation example: compiled, and
 * compared with the guide by {@code DocsExamplesTests}.
 */
final class MmateOrderService {

	private MmateOrderService() {
	}

	static OrderReply send(MessagePublisher publisher, MessageRequester requester) {
		// tag::send[]
		publisher.sendCommand(new PlaceOrderCommand("o-1", "c-1", new BigDecimal("12.50")), "order-service");
		OrderReply reply = requester.requestAndWait(new GetOrderQuery("o-1"), OrderReply.class, Duration.ofSeconds(5));
		// end::send[]
		return reply;
	}

}
