package io.mmate.retry;

import java.time.Duration;

/**
 * When the circuit breaker of a queue opens, and for how long.
 *
 * @param failureRateThreshold the failure rate, in percent of the calls in the window, at which it opens
 * @param slidingWindowSize how many of the latest calls the rate is taken over
 * @param minimumCalls how many calls the window must hold before the rate counts
 * @param openDuration how long consumption pauses before a trial message
 */
public record CircuitBreakerSettings(int failureRateThreshold, int slidingWindowSize,
		int minimumCalls, Duration openDuration) {

}
