package io.mmate.deadletter;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How deep dead-letter operations may reach into a dead-letter queue. Reading a page fetches every message before
 * it too, and the broker holds all of them back from other readers until they are returned, so both bounds are
 * bounds on what one operation takes out of the queue at a time.
 *
 * @param maxPageSize most messages one page may hold
 * @param maxOffset most messages a page may skip; a replay by message id looks at most this many plus one page
 * @param busyWait how long an operation waits for another one on the same queue before it gives up
 */
public record DeadLetterLimits(int maxPageSize, int maxOffset, Duration busyWait) {

	/** The defaults: pages of at most 100 messages, skipping at most 1,000, waiting up to 2 s for another operation. */
	public static final DeadLetterLimits DEFAULTS = new DeadLetterLimits(100, 1000, Duration.ofSeconds(2));

	public DeadLetterLimits {
		Assert.isTrue(maxPageSize >= 1, "The maximum page size must be at least 1");
		Assert.isTrue(maxOffset >= 0, "The maximum offset must not be negative");
		Assert.isTrue(busyWait != null && !busyWait.isNegative(), "The busy wait must not be negative");
	}

	/**
	 * The deepest position one operation reaches.
	 * @return {@code maxOffset + maxPageSize}
	 */
	int maxDepth() {
		return this.maxOffset + this.maxPageSize;
	}

}
