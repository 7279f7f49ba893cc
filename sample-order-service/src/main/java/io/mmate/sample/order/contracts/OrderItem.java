package io.mmate.sample.order.contracts;

import java.math.BigDecimal;

/**
 * One line of an order.
 *
 * @param sku the product's stock keeping unit
 * @param quantity how many
 * @param price the price of one
 */
public record OrderItem(String sku, int quantity, BigDecimal price) {

}
