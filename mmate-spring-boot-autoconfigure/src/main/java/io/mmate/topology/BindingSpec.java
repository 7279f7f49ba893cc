package io.mmate.topology;

/**
 * One binding of a service queue.
 *
 * @param exchange the exchange
 * @param routingKey the binding pattern
 */
public record BindingSpec(String exchange, String routingKey) {

}
