package io.mmate.sample.order.contracts;

import java.math.BigDecimal;
import java.util.List;

import io.mmate.Command;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * Asks the order service to place an order; answered with a {@link PlaceOrderReply} when sent with a reply address.
 * A command that breaks the constraints below is refused with the error reply {@code VALIDATION_FAILED}.
 *
 * @param orderId the id the sender chose for the order
 * @param customerId the customer who orders
 * @param amount the order total, more than 0 and at most 1,000,000, with at most two decimals
 * @param items the order lines, at most 100
 */
public record PlaceOrderCommand(@NotBlank @Size(max = OrderLimits.MAX_TEXT) String orderId,
		@NotBlank @Size(max = OrderLimits.MAX_TEXT) String customerId,
		@NotNull @Positive @DecimalMax(OrderLimits.MAX_AMOUNT) @Digits(integer = 7, fraction = 2) BigDecimal amount,
		@Size(max = OrderLimits.MAX_ITEMS) List<@Valid OrderItem> items) implements Command {

	public PlaceOrderCommand {
		items = (items != null) ? List.copyOf(items) : List.of();
	}

}
