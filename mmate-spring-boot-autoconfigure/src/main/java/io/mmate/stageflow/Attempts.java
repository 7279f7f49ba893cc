package io.mmate.stageflow;

import java.time.Duration;
import java.util.List;

import io.mmate.retry.FailureClassifier;
import io.mmate.retry.RetryPolicySettings;

/**
 * Runs a stage or compensation with the in-process attempts of the retry policy: a permanent failure (as
 * {@link FailureClassifier} decides) or the last attempt's failure is the outcome. Says too whether a stage that
 * failed so goes back to its queue after one of the policy's redelivery delays.
 */
final class Attempts {

	private final RetryPolicySettings policy;

	Attempts(RetryPolicySettings policy) {
		this.policy = policy;
	}

	/**
	 * Run a piece of work until it succeeds or fails for good.
	 * @param work the work, given the attempt from 1
	 * @return the failure, or {@code null} when the work succeeded
	 * @throws InterruptedException if interrupted between attempts
	 */
	Failed run(Work work) throws InterruptedException {
		Duration backoff = this.policy.initialBackoff();
		for (int attempt = 1;; attempt++) {
			try {
				work.run(attempt);
				return null;
			}
			catch (InterruptedException ex) {
				throw ex;
			}
			catch (Exception ex) {
				boolean permanent = FailureClassifier.isPermanent(ex, this.policy);
				if (attempt >= this.policy.maxAttempts() || permanent) {
					return new Failed(ex, attempt, permanent);
				}
			}
			Thread.sleep(backoff.toMillis());
			long next = (long) (backoff.toMillis() * this.policy.multiplier());
			backoff = Duration.ofMillis(Math.min(next, this.policy.maxBackoff().toMillis()));
		}
	}

	/**
	 * How long a stage message waits before it runs again after a failure.
	 * @param failed the failure of this delivery's attempts
	 * @param redeliveries how many times the message came back so already
	 * @return the delay, or {@code null} when the failure is permanent or the delays are used up: the stage has
	 * failed for good
	 */
	Duration redeliveryDelay(Failed failed, long redeliveries) {
		List<Duration> delays = this.policy.redeliveryDelays();
		return (!failed.permanent() && redeliveries < delays.size()) ? delays.get((int) redeliveries) : null;
	}

	/**
	 * Work that failed.
	 *
	 * @param error the last attempt's failure
	 * @param attempts the attempts made
	 * @param permanent whether the failure is permanent, so that no later attempt may succeed
	 */
	record Failed(Exception error, int attempts, boolean permanent) {

		String message() {
			return (this.error.getMessage() != null) ? this.error.getMessage() : this.error.toString();
		}

	}

	@FunctionalInterface
	interface Work {

		void run(int attempt) throws Exception;

	}

}
