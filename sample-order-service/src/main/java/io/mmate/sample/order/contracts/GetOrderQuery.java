package io.mmate.sample.order.contracts;

import io.mmate.Query;

/**
 * Asks for one order; answered with an {@link OrderReply}, or an error reply {@code ORDER_NOT_FOUND}.
 *
 * @param orderId the order's id
 */
public record GetOrderQuery(String orderId) implements Query {

}
