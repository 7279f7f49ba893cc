package io.mmate.listener;

import java.time.Duration;

import io.mmate.failure.FailureRules;

/**
 * How one queue is consumed, and what its failed messages may do.
 *
 * @param queue the queue name; partition and broadcast listeners name the service queue, whose handlers they feed
 * and whose dead-letter queue they use
 * @param consumption prefetch, consumers and acknowledgements
 * @param failureRules what failed messages may do
 * @param autoStartup whether consumption starts with the application
 * @param shutdownTimeout how long in-flight handlers may run on shutdown
 */
public record ListenerSettings(String queue, Consumption consumption, FailureRules failureRules, boolean autoStartup,
		Duration shutdownTimeout) {

	/** The largest body decoded unless configured otherwise: 64 MiB. */
	public static final long DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024 * 1024;

	/**
	 * How messages are taken from the queue.
	 *
	 * @param prefetch the most unacknowledged messages per consumer
	 * @param concurrency the number of consumers
	 * @param acknowledgeMode when deliveries are acknowledged
	 * @param messagesPerAck the most handled messages one acknowledgement covers
	 * @param maxMessageSize the largest body, in bytes, that is decoded; a larger message is dead-lettered unread
	 */
	public record Consumption(int prefetch, int concurrency, AcknowledgeMode acknowledgeMode, int messagesPerAck,
			long maxMessageSize) {

		/**
		 * Consumption that decodes bodies up to {@link #DEFAULT_MAX_MESSAGE_SIZE}.
		 * @param prefetch the most unacknowledged messages per consumer
		 * @param concurrency the number of consumers
		 * @param acknowledgeMode when deliveries are acknowledged
		 * @param messagesPerAck the most handled messages one acknowledgement covers
		 */
		public Consumption(int prefetch, int concurrency, AcknowledgeMode acknowledgeMode, int messagesPerAck) {
			this(prefetch, concurrency, acknowledgeMode, messagesPerAck, DEFAULT_MAX_MESSAGE_SIZE);
		}

	}

	/**
	 * Settings for queues that feed the same handlers in order (partitions) or to one instance only (broadcast): one
	 * consumer per queue, failures retried only in process.
	 * @return the settings
	 */
	public ListenerSettings ordered() {
		Consumption one = new Consumption(prefetch(), 1, acknowledgeMode(), this.consumption.messagesPerAck(),
				maxMessageSize());
		return new ListenerSettings(this.queue, one, this.failureRules.ordered(), this.autoStartup,
				this.shutdownTimeout);
	}

	/**
	 * @return the largest body, in bytes, that is decoded
	 */
	public long maxMessageSize() {
		return this.consumption.maxMessageSize();
	}

	/**
	 * @return the most unacknowledged messages per consumer
	 */
	public int prefetch() {
		return this.consumption.prefetch();
	}

	/**
	 * @return the number of consumers
	 */
	public int concurrency() {
		return this.consumption.concurrency();
	}

	/**
	 * @return when deliveries are acknowledged
	 */
	public AcknowledgeMode acknowledgeMode() {
		return this.consumption.acknowledgeMode();
	}

	/**
	 * How many handled messages one acknowledgement covers here: at most half the prefetch, so that the broker
	 * never waits for an acknowledgement to send the next message.
	 * @return the count, 1 for an acknowledgement per message
	 */
	public int effectiveMessagesPerAck() {
		return Math.max(1, Math.min(this.consumption.messagesPerAck(), prefetch() / 2));
	}

}
