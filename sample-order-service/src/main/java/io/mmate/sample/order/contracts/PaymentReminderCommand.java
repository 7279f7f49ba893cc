package io.mmate.sample.order.contracts;

import io.mmate.Command;

/**
 * Remind the customer of an order that is still unpaid; scheduled when the order is placed.
 *
 * @param orderId the order
 */
public record PaymentReminderCommand(String orderId) implements Command {

}
