package io.mmate.outbox;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How the relay publishes the outbox.
 *
 * @param batchSize the most rows claimed, published and marked in one database transaction
 * @param pollInterval how often the relay looks for rows when nothing wakes it, such as rows another instance left
 * behind when it crashed
 * @param confirmTimeout how long a publish waits for the broker's confirm
 * @param retention how long sent rows are kept before they are deleted; {@link Duration#ZERO} deletes them once
 * confirmed
 * @param cleanupInterval how often sent rows older than the retention are deleted
 */
public record OutboxRelaySettings(int batchSize, Duration pollInterval, Duration confirmTimeout, Duration retention,
		Duration cleanupInterval) {

	/**
	 * Check the settings.
	 */
	public OutboxRelaySettings {
		Assert.isTrue(batchSize > 0, "The batch size must be positive");
		Assert.isTrue(positive(pollInterval), "The poll interval must be positive");
		Assert.isTrue(positive(confirmTimeout), "The confirm timeout must be positive");
		Assert.isTrue(retention != null && !retention.isNegative(), "The retention must not be negative");
		Assert.isTrue(positive(cleanupInterval),
				"The cleanup interval must be positive");
	}

	private static boolean positive(Duration duration) {
		return duration != null && !duration.isNegative() && !duration.isZero();
	}

}
