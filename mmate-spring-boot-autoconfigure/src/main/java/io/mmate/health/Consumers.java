package io.mmate.health;

import io.mmate.listener.ListenerContainerLifecycle;
import io.mmate.retry.CircuitBreaker;
import org.jspecify.annotations.Nullable;

/**
 * The consumers of a service whose state its health reports.
 *
 * @param serviceQueue the service-queue listener, or {@code null} when the application only publishes
 * @param breaker the service-queue listener's circuit breaker, or {@code null} when disabled
 * @param partitions the listener of the partition queues, or {@code null} when there is none
 */
public record Consumers(@Nullable ListenerContainerLifecycle serviceQueue, @Nullable CircuitBreaker breaker,
		@Nullable ListenerContainerLifecycle partitions) {

}
