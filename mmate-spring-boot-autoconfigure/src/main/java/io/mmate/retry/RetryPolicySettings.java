package io.mmate.retry;

import java.time.Duration;
import java.util.List;

/**
 * The retry policy of one message type.
 *
 * @param maxAttempts attempts per delivery, in process, including the first
 * @param initialBackoff pause before the first in-process retry
 * @param multiplier factor by which each pause grows
 * @param maxBackoff longest pause between in-process retries
 * @param jitter random spread added to each pause, so that instances do not retry in step
 * @param redeliveryDelays delays of the redeliveries through the broker once in-process attempts are used up; empty
 * for none
 * @param permanent exception types that are dead-lettered at once
 * @param transientTypes exception types that are retried, even when a cause is listed as permanent
 */
public record RetryPolicySettings(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
		Duration jitter, List<Duration> redeliveryDelays, List<Class<? extends Throwable>> permanent,
		List<Class<? extends Throwable>> transientTypes) {

	public RetryPolicySettings {
		redeliveryDelays = List.copyOf(redeliveryDelays);
		permanent = List.copyOf(permanent);
		transientTypes = List.copyOf(transientTypes);
	}

	/**
	 * A copy without redeliveries through the broker.
	 * @return the copy
	 */
	public RetryPolicySettings withoutRedeliveries() {
		return new RetryPolicySettings(this.maxAttempts, this.initialBackoff, this.multiplier, this.maxBackoff,
				this.jitter, List.of(), this.permanent, this.transientTypes);
	}

	/**
	 * Attempts in total before a message is dead-lettered: every delivery's in-process attempts.
	 * @return the total
	 */
	public int totalAttempts() {
		return this.maxAttempts * (this.redeliveryDelays.size() + 1);
	}

}
