package io.mmate.publish;

import java.time.Duration;

/**
 * How the publisher waits for the broker.
 *
 * @param confirmTimeout how long a publish waits for the broker's confirm before its future fails
 * @param failOnUnroutableEvents whether an event no queue is bound for fails its future (commands, queries and
 * replies always do)
 * @param recoveryTimeout how long a publish waits for an unreachable broker before its future fails
 * @param deferInTransactions whether a publish inside a Spring-managed transaction waits for its commit
 */
public record PublisherSettings(Duration confirmTimeout, boolean failOnUnroutableEvents, Duration recoveryTimeout,
		boolean deferInTransactions) {

	/**
	 * A copy that publishes at once, even inside a Spring-managed transaction.
	 * @return the copy
	 */
	public PublisherSettings withoutDeferral() {
		return new PublisherSettings(this.confirmTimeout, this.failOnUnroutableEvents, this.recoveryTimeout, false);
	}


}
