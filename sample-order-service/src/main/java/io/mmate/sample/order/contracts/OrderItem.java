package io.mmate.sample.order.contracts;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * One line of an order.
 *
 * @param sku the product's stock keeping unit
 * @param quantity how many, 1 to 10,000
 * @param price the price of one, 0 to 1,000,000 with at most two decimals
 */
public record OrderItem(@NotBlank @Size(max = OrderLimits.MAX_TEXT) String sku,
		@Positive @Max(OrderLimits.MAX_QUANTITY) int quantity,
		@NotNull @PositiveOrZero @DecimalMax(OrderLimits.MAX_AMOUNT) @Digits(integer = 7, fraction = 2)
		BigDecimal price) {

}
