package io.mmate.publish;

import io.mmate.envelope.EncodedMessage;

/**
 * One encoded message as it is handed to the channel: where it goes and what it is. A
 * {@linkplain RabbitMessagePublisher#publish(io.mmate.OutgoingMessage, java.util.function.UnaryOperator) detour}
 * receives the publication to the message's own exchange and returns the one to send instead.
 *
 * @param exchange the exchange, {@code ""} for the default exchange
 * @param routingKey the routing key
 * @param mandatory whether an unroutable message fails
 * @param message the body and AMQP properties
 */
public record Publication(String exchange, String routingKey, boolean mandatory, EncodedMessage message) {

}
