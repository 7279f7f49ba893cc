package io.mmate.docs.examples.requestreply;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.mmate.MessageRequester;
import io.mmate.Reply;
import io.mmate.docs.examples.quickstart.QuickStartMessages.GetOrderQuery;
import io.mmate.docs.examples.quickstart.QuickStartMessages.OrderReply;
import io.mmate.docs.examples.quickstart.QuickStartMessages.PlaceOrderCommand;

/**
 * Request/reply, in {@code docs/request-reply.md}. Documentation example: compiled, and compared with the guide by
 * {@code DocsExamplesTests}.
 */
final class RequestReplyExamples {

	record PlaceOrderReply(boolean success, String orderId, String status) implements Reply {
	}

	private RequestReplyExamples() {
	}

	static CompletableFuture<PlaceOrderReply> request(MessageRequester requester) {
		// tag::request[]
		OrderReply order = requester.requestAndWait(new GetOrderQuery("o-1"), OrderReply.class, Duration.ofSeconds(5));

		CompletableFuture<PlaceOrderReply> placed = requester.request(
				new PlaceOrderCommand("o-2", "c-1", new BigDecimal("12.50")), "order-service", PlaceOrderReply.class,
				Duration.ofSeconds(5));
		// end::request[]
		return (order.success()) ? placed : null;
	}

}
