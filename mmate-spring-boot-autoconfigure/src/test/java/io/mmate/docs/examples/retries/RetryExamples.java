package io.mmate.docs.examples.retries;

import java.math.BigDecimal;

import io.mmate.Command;
import io.mmate.MmateHandler;
import io.mmate.PermanentFailureException;
import io.mmate.Reply;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * Retries and validation, in {@code docs/retries-and-dead-letters.md}. Documentation example: compiled, and compared
 * with the guide by {@code DocsExamplesTests}.
 */
class RetryExamples {

	interface Stock {

		boolean knows(String sku);

		void reserve(String sku, int quantity);

	}

	record ReserveStockCommand(String sku, int quantity) implements Command {
	}

	record PlaceOrderReply(boolean success, String orderId) implements Reply {
	}

	private final Stock stock;

	RetryExamples(Stock stock) {
		this.stock = stock;
	}

	// tag::permanent[]
	@MmateHandler
	void on(ReserveStockCommand command) {
		if (!stock.knows(command.sku())) {
			// no retry mends this: dead-lettered at once
			throw new PermanentFailureException("Unknown SKU " + command.sku());
		}
		// a failure here (the stock service is down, say) is transient: retried in process, then through the broker
		stock.reserve(command.sku(), command.quantity());
	}
	// end::permanent[]

	// tag::validated[]
	public record PlaceOrderCommand(@NotBlank @Size(max = 64) String customerId,
			@NotNull @Positive @DecimalMax("1000000") BigDecimal amount) implements Command {
	}

	@MmateHandler
	PlaceOrderReply placeOrder(@Valid PlaceOrderCommand command) {
		return new PlaceOrderReply(true, "o-" + command.customerId());
	}
	// end::validated[]

}
