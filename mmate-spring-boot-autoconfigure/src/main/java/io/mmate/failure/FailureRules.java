package io.mmate.failure;

import java.time.Duration;

/**
 * What a queue allows when its messages fail.
 *
 * @param deadLetter whether failed messages go to the dead-letter queue; when not, they are rejected
 * @param delayedRedelivery whether failed messages may be redelivered later through the broker, which ordered queues
 * must not do
 * @param countedDeliveryLimit how many unacknowledged deliveries of one message are counted in its headers before it
 * is dead-lettered; 0 when the queue does not need it (a quorum queue has the broker's own limit)
 * @param overflowDelay how long a message waits, when its dead-letter queue is full and the broker refuses it,
 * before it is handled again
 */
public record FailureRules(boolean deadLetter, boolean delayedRedelivery, int countedDeliveryLimit,
		Duration overflowDelay) {

	/** How long a message whose dead letter was refused waits by default. */
	public static final Duration DEFAULT_OVERFLOW_DELAY = Duration.ofMinutes(1);

	/**
	 * Rules with the default overflow delay.
	 * @param deadLetter whether failed messages go to the dead-letter queue
	 * @param delayedRedelivery whether failed messages may be redelivered later through the broker
	 * @param countedDeliveryLimit how many unacknowledged deliveries are counted in headers; 0 for none
	 */
	public FailureRules(boolean deadLetter, boolean delayedRedelivery, int countedDeliveryLimit) {
		this(deadLetter, delayedRedelivery, countedDeliveryLimit, DEFAULT_OVERFLOW_DELAY);
	}

	/**
	 * The rules of queues that feed the same handlers in order (partitions) or to one instance only (broadcast):
	 * failed messages are retried in process only, and unacknowledged deliveries are not counted.
	 * @return the rules
	 */
	public FailureRules ordered() {
		return new FailureRules(this.deadLetter, false, 0, this.overflowDelay);
	}

	/**
	 * Whether redelivered messages are counted in their headers.
	 * @return {@code true} when a counted delivery limit applies
	 */
	public boolean countsDeliveries() {
		return this.countedDeliveryLimit > 0;
	}

}
