package io.mmate.consume;

import java.time.Duration;

/**
 * How the service queue is consumed.
 *
 * @param queue the service queue name
 * @param prefetch the most unacknowledged messages per consumer
 * @param concurrency the number of consumers
 * @param acknowledgeMode when deliveries are acknowledged
 * @param autoStartup whether consumption starts with the application
 * @param shutdownTimeout how long in-flight handlers may run on shutdown
 * @param countedDeliveryLimit how many unacknowledged deliveries of one message are counted in its headers before
 * it is dead-lettered; 0 when the queue does not need it (a quorum queue has the broker's own limit)
 * @param delayedRedelivery whether failed messages may be redelivered later through the broker, which ordered
 * queues must not do
 * @param messagesPerAck the most handled messages one acknowledgement covers
 */
public record ListenerSettings(String queue, int prefetch, int concurrency, AcknowledgeMode acknowledgeMode,
		boolean autoStartup, Duration shutdownTimeout, int countedDeliveryLimit, boolean delayedRedelivery,
		int messagesPerAck) {

	/**
	 * Settings for queues that feed the same handlers in order (partitions) or to one instance only (broadcast):
	 * failures are named after, and dead-lettered with, the service queue, and are retried only in process.
	 * @return the settings
	 */
	public ListenerSettings ordered() {
		return new ListenerSettings(this.queue, this.prefetch, 1, this.acknowledgeMode, this.autoStartup,
				this.shutdownTimeout, 0, false, this.messagesPerAck);
	}

	/**
	 * How many handled messages one acknowledgement covers here: at most half the prefetch, so that the broker
	 * never waits for an acknowledgement to send the next message.
	 * @return the count, 1 for an acknowledgement per message
	 */
	public int effectiveMessagesPerAck() {
		return Math.max(1, Math.min(this.messagesPerAck, this.prefetch / 2));
	}

}
