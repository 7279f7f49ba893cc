package io.mmate.health;

import org.jspecify.annotations.Nullable;

/**
 * What the {@link MmateHealthIndicator} reports and judges against.
 *
 * @param serviceName the service name, or {@code null} when the application only publishes
 * @param deadLetterQueue whether the service queue has a dead-letter queue to read
 * @param deadLetterThreshold dead letters above which the status is {@link MmateHealthIndicator#DEGRADED}, or
 * {@code null} for no limit
 * @param backlogThreshold messages ready above which the status is {@link MmateHealthIndicator#DEGRADED}, or
 * {@code null} for no limit
 */
public record HealthSettings(@Nullable String serviceName, boolean deadLetterQueue, @Nullable Long deadLetterThreshold,
		@Nullable Long backlogThreshold) {

}
