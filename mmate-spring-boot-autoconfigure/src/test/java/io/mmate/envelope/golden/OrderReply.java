package io.mmate.envelope.golden;

import java.math.BigDecimal;

import io.mmate.Reply;

/**
 * The successful reply of the golden fixtures.
 *
 * @param success whether the request succeeded
 * @param orderId the order id
 * @param customerId the customer id
 * @param amount the order total
 * @param status the order status
 */
public record OrderReply(boolean success, String orderId, String customerId, BigDecimal amount, String status)
		implements Reply {

}
