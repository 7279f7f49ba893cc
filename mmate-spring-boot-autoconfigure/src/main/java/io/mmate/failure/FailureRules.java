package io.mmate.failure;

/**
 * What a queue allows when its messages fail.
 *
 * @param deadLetter whether failed messages go to the dead-letter queue; when not, they are rejected
 * @param delayedRedelivery whether failed messages may be redelivered later through the broker, which ordered queues
 * must not do
 * @param countedDeliveryLimit how many unacknowledged deliveries of one message are counted in its headers before it
 * is dead-lettered; 0 when the queue does not need it (a quorum queue has the broker's own limit)
 */
public record FailureRules(boolean deadLetter, boolean delayedRedelivery, int countedDeliveryLimit) {

	/**
	 * The rules of queues that feed the same handlers in order (partitions) or to one instance only (broadcast):
	 * failed messages are retried in process only, and unacknowledged deliveries are not counted.
	 * @return the rules
	 */
	public FailureRules ordered() {
		return new FailureRules(this.deadLetter, false, 0);
	}

	/**
	 * Whether redelivered messages are counted in their headers.
	 * @return {@code true} when a counted delivery limit applies
	 */
	public boolean countsDeliveries() {
		return this.countedDeliveryLimit > 0;
	}

}
