package io.mmate.delay;

/**
 * Where to publish a message so that it reaches its destination after a delay.
 *
 * @param exchange the exchange to publish to
 * @param routingKey the routing key to publish with
 * @param delayHeader the {@code x-delay} header value in milliseconds, or {@code null} when the route itself delays
 */
public record DelayedRoute(String exchange, String routingKey, Long delayHeader) {

}
