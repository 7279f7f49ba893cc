package io.mmate.stageflow;

import java.time.Duration;

import io.mmate.retry.FailureClassifier;
import io.mmate.retry.RetryPolicySettings;

/**
 * Runs a stage or compensation with the in-process attempts of the retry policy: a permanent failure (as
 * {@link FailureClassifier} decides) or the last attempt's failure is the outcome.
 */
final class Attempts {

	private final RetryPolicySettings policy;

	Attempts(RetryPolicySettings policy) {
		this.policy = policy;
	}

	/**
	 * Run a piece of work until it succeeds or fails for good.
	 * @param work the work, given the attempt from 1
	 * @return the failure for good, or {@code null} when the work succeeded
	 * @throws InterruptedException if interrupted between attempts
	 */
	Exception run(Work work) throws InterruptedException {
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
				if (attempt >= this.policy.maxAttempts() || FailureClassifier.isPermanent(ex, this.policy)) {
					return ex;
				}
			}
			Thread.sleep(backoff.toMillis());
			long next = (long) (backoff.toMillis() * this.policy.multiplier());
			backoff = Duration.ofMillis(Math.min(next, this.policy.maxBackoff().toMillis()));
		}
	}

	static String message(Exception failure) {
		return (failure.getMessage() != null) ? failure.getMessage() : failure.toString();
	}

	@FunctionalInterface
	interface Work {

		void run(int attempt) throws Exception;

	}

}
