package io.mmate.docs.examples.quickstart;

import java.math.BigDecimal;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.Query;
import io.mmate.Reply;

/**
 * The messages of the quick start in the README. Documentation example: compiled, and compared with the README by
 * {@code DocsExamplesTests}.
 */
public final class QuickStartMessages {

	private QuickStartMessages() {
	}

	// tag::messages[]
	public record PlaceOrderCommand(String orderId, String customerId, BigDecimal amount) implements Command {
	}

	public record OrderPlacedEvent(String orderId, BigDecimal amount) implements Event {
		@Override
		public String aggregateId() {
			return orderId;
		}
	}

	public record GetOrderQuery(String orderId) implements Query {
	}

	public record OrderReply(boolean success, String orderId, String status) implements Reply {
	}
	// end::messages[]

}
