package io.mmate.sample.order.contracts;

import io.mmate.Reply;

/**
 * The answer to a {@link PlaceOrderCommand}.
 *
 * @param success whether the order was placed
 * @param orderId the order's id
 * @param status the order's status, for example {@code PLACED}
 */
public record PlaceOrderReply(boolean success, String orderId, String status) implements Reply {

}
