package io.mmate.sample.order;

import java.math.BigDecimal;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the sample order service ({@code sample.*}).
 *
 * @param requestTimeout how long the REST API waits for the order service's reply to a command or query before it
 * answers {@code 504 Gateway Timeout}
 * @param paymentReminderDelay how long after an order is placed its payment reminder is due
 * @param cardLimit the largest amount the order fulfilment's payment stage charges; a larger order is declined for
 * good, and the fulfilment's completed stages are undone
 */
@ConfigurationProperties("sample")
public record OrderServiceProperties(@DefaultValue("5s") Duration requestTimeout,
		@DefaultValue("30m") Duration paymentReminderDelay, @DefaultValue("500") BigDecimal cardLimit) {

}
