package io.mmate.docs.examples.quickstart;

import java.math.BigDecimal;

import io.mmate.MessagePublisher;
import io.mmate.PublishOptions;
import io.mmate.docs.examples.quickstart.QuickStartMessages.GetOrderQuery;
import io.mmate.docs.examples.quickstart.QuickStartMessages.PlaceOrderCommand;

/**
 * Sending from anywhere, in the quick start of the README. Documentation example: compiled, and compared with the
 * README by {@code DocsExamplesTests}.
 */
final class Sending {

	private Sending() {
	}

	static void send(MessagePublisher publisher, String myReplyQueue) {
		// tag::send[]
		publisher.sendCommand(new PlaceOrderCommand("o-1", "c-1", new BigDecimal("12.50")), "order-service");
		publisher.sendQuery(new GetOrderQuery("o-1"), PublishOptions.defaults().withReplyTo(myReplyQueue));
		// end::send[]
	}

}
