package io.mmate.failure;

import java.time.Duration;

/**
 * What is done with one delivery, decided before anything is done. The set is closed, so whoever applies a
 * settlement handles every case.
 */
public sealed interface Settlement {

	/** Acknowledge: the message was handled and nothing needs sending. */
	Settlement ACKNOWLEDGE = new Acknowledge();

	/** Put the message back in its queue as it is: consumption pauses, or a failed message could not be moved. */
	Settlement REQUEUE = new Requeue();

	/**
	 * Why the delivery failed.
	 * @return the failure, {@code null} when it did not fail
	 */
	default Failure failure() {
		return null;
	}

	/**
	 * Acknowledge.
	 */
	record Acknowledge() implements Settlement {
	}

	/**
	 * Send the handler's reply, and acknowledge the request once the broker has confirmed it.
	 * @param reply what the handler returned
	 */
	record AcknowledgeAfterReply(Object reply) implements Settlement {
	}

	/**
	 * Send the message back to its queue after a delay, through the broker, then acknowledge.
	 * @param delay how long to wait
	 * @param failure why
	 */
	record RedeliverLater(Duration delay, Failure failure) implements Settlement {
	}

	/**
	 * Move the message to its dead-letter queue with the reason, answer a waiting requester with an error reply, then
	 * acknowledge.
	 * @param failure why
	 */
	record DeadLetter(Failure failure) implements Settlement {
	}

	/**
	 * Reject the message without requeueing it (dead-lettering is disabled), answering a waiting requester with an
	 * error reply.
	 * @param failure why
	 */
	record Reject(Failure failure) implements Settlement {
	}

	/**
	 * Return the message to its queue through the broker.
	 */
	record Requeue() implements Settlement {
	}

	/**
	 * Put a copy at the end of the queue with its delivery count, then acknowledge: on a queue without a broker
	 * delivery limit, the count is what stops a message that keeps crashing its consumer.
	 * @param deliveries how many times it has now been delivered
	 */
	record RequeueCounted(long deliveries) implements Settlement {
	}

}
