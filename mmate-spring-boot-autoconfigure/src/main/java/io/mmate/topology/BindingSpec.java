package io.mmate.topology;

import org.springframework.util.Assert;

/**
 * One binding of a service queue.
 *
 * @param exchange the exchange
 * @param routingKey the binding pattern
 */
public record BindingSpec(String exchange, String routingKey) {

	public BindingSpec {
		Assert.hasText(exchange, "The exchange of a binding must be set");
		Assert.notNull(routingKey, "The routing key of a binding must not be null");
	}

}
