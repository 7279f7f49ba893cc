package io.mmate.metrics;

/**
 * What happens to deliveries beyond their observation: messages in flight, retries, dead letters and refused replies.
 * The runtime reports to it; {@link MicrometerMessagingEvents} turns the reports into meters.
 */
public interface MessagingEvents {

	/** Reports to nobody. */
	MessagingEvents NONE = new MessagingEvents() {
	};

	/**
	 * Where a retry happens.
	 */
	enum RetryStage {

		/** Again at once, in process. */
		IN_PROCESS,

		/** Later, through the broker. */
		REDELIVERY

	}

	/**
	 * A delivery started being handled.
	 * @param queue the queue
	 */
	default void handlingStarted(String queue) {
	}

	/**
	 * A delivery finished being handled, whatever the outcome.
	 * @param queue the queue
	 */
	default void handlingFinished(String queue) {
	}

	/**
	 * A message is retried.
	 * @param queue the queue
	 * @param type the message type
	 * @param stage in process or through the broker
	 */
	default void retried(String queue, String type, RetryStage stage) {
	}

	/**
	 * A message was dead-lettered.
	 * @param queue the queue
	 * @param type the message type, or {@code unknown}
	 * @param reason the dead-letter reason code
	 */
	default void deadLettered(String queue, String type, String reason) {
	}

	/**
	 * A failed message's dead-letter queue was full and refused it: the message waits to be handled again.
	 * @param queue the queue
	 * @param type the message type, or {@code unknown}
	 */
	default void deadLetterRefused(String queue, String type) {
	}

	/**
	 * A reply was not sent because the request named an address replies may not go to.
	 * @param reason why: {@code own-queue}, {@code dead-letter-queue}, {@code starter-queue} or {@code not-allowed}
	 */
	default void replyRefused(String reason) {
	}

}
