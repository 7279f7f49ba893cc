package io.mmate.health;

import org.jspecify.annotations.Nullable;

/**
 * What the {@link MmateHealthIndicator} judges queue counts against.
 *
 * @param deadLetterThreshold dead letters above which the status is {@link MmateHealthIndicator#DEGRADED}, or
 * {@code null} for no limit
 * @param backlogThreshold messages ready above which the status is {@link MmateHealthIndicator#DEGRADED}, or
 * {@code null} for no limit
 */
public record HealthSettings(@Nullable Long deadLetterThreshold, @Nullable Long backlogThreshold) {

}
