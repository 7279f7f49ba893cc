package io.mmate;

/**
 * What the broker confirmed: a message and where it went.
 *
 * @param messageId the id of the published message
 * @param exchange the exchange it was published to ({@code ""} for the default exchange)
 * @param routingKey the routing key used
 */
public record PublishReceipt(String messageId, String exchange, String routingKey) {

}
