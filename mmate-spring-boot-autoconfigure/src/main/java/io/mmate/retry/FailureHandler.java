package io.mmate.retry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.mmate.PublishReceipt;

import org.springframework.amqp.core.Message;

/**
 * Stages two and three of failure handling: once a delivery's in-process attempts have failed, sends it back to its
 * queue after the next configured delay, or, when the failure is permanent, no delays remain, or a requester is
 * waiting for a reply, to the dead-letter queue.
 */
public class FailureHandler {

	/**
	 * What was done with a failed delivery.
	 */
	public enum Disposition {

		/** Sent back to its queue after a delay. */
		REDELIVERY_SCHEDULED,

		/** Moved to the dead-letter queue for good. */
		DEAD_LETTERED,

		/** Failed for good, and dead-lettering is disabled: the caller rejects it. */
		REJECTED,

		/** Came back unacknowledged and was put at the end of its queue with its delivery count. */
		REQUEUED_COUNTED

	}

	private final RetryPolicies policies;

	private final FailurePublisher publisher;

	private final boolean deadLetterEnabled;

	/**
	 * Create the handler.
	 * @param policies the retry policies
	 * @param publisher publishes redeliveries and dead letters
	 * @param deadLetterEnabled whether failed messages go to the dead-letter queue
	 */
	public FailureHandler(RetryPolicies policies, FailurePublisher publisher, boolean deadLetterEnabled) {
		this.policies = policies;
		this.publisher = publisher;
		this.deadLetterEnabled = deadLetterEnabled;
	}

	/**
	 * Deal with a delivery whose handler failed.
	 * @param original the delivery
	 * @param queue the queue it came from
	 * @param typeName its message type
	 * @param inProcessOnly whether the message may not be redelivered later: a requester waits for its reply, or its
	 * queue keeps order
	 * @param description what failed, for the dead letter
	 * @param error the failure; an {@link AttemptsFailedException} carries the attempt count
	 * @return what was done, once the broker confirmed it
	 * @throws Exception when the broker did not confirm the copy; the caller must not acknowledge the original
	 */
	public Disposition handlerFailed(Message original, String queue, String typeName, boolean inProcessOnly,
			String description, Throwable error) throws Exception {
		int attempts = (error instanceof AttemptsFailedException failed) ? failed.attempts() : 1;
		Throwable cause = (error instanceof AttemptsFailedException) ? error.getCause() : error;
		RetryPolicySettings policy = this.policies.forType(typeName);
		List<Duration> delays = policy.redeliveryDelays();
		long redeliveries = FailurePublisher.redeliveries(original.getMessageProperties());
		if (!inProcessOnly && !FailureClassifier.isPermanent(cause, policy) && redeliveries < delays.size()) {
			await(this.publisher.redeliver(original, queue, delays.get((int) redeliveries), cause, attempts));
			return Disposition.REDELIVERY_SCHEDULED;
		}
		return deadLetter(original, queue, "handler-failed", description, cause, attempts);
	}

	/**
	 * Count a delivery that came back unacknowledged, on a queue without a broker delivery limit: below the limit it
	 * goes back to the queue with its count in a header; at the limit it is dead-lettered, since its handler may be
	 * crashing the process.
	 * @param original the redelivered delivery
	 * @param queue its queue
	 * @param limit the delivery limit
	 * @return what was done, once the broker confirmed it
	 * @throws Exception when the broker did not confirm the copy
	 */
	public Disposition redelivered(Message original, String queue, int limit) throws Exception {
		long deliveries = FailurePublisher.deliveries(original.getMessageProperties()) + 1;
		if (deliveries >= limit) {
			return deadLetter(original, queue, "delivery-limit", "Delivered " + deliveries + " times without being "
					+ "acknowledged (mmate.queue.delivery-limit=" + limit + "); its handler may crash the process",
					null, 0);
		}
		await(this.publisher.requeueCounted(original, queue, deliveries));
		return Disposition.REQUEUED_COUNTED;
	}

	/**
	 * Whether a handler's failure is permanent under its type's policy.
	 * @param typeName the message type
	 * @param error the failure; an {@link AttemptsFailedException} is looked through
	 * @return {@code true} when retrying cannot help
	 */
	public boolean isPermanent(String typeName, Throwable error) {
		Throwable cause = (error instanceof AttemptsFailedException) ? error.getCause() : error;
		return FailureClassifier.isPermanent(cause, this.policies.forType(typeName));
	}

	/**
	 * Deal with a delivery that never reached a handler: it is dead-lettered at once.
	 * @param original the delivery
	 * @param queue the queue it came from
	 * @param reason the reason code
	 * @param description what is wrong
	 * @param error the underlying exception, may be {@code null}
	 * @return what was done, once the broker confirmed it
	 * @throws Exception when the broker did not confirm the dead letter
	 */
	public Disposition rejected(Message original, String queue, String reason, String description, Throwable error)
			throws Exception {
		return deadLetter(original, queue, reason, description, error, 1);
	}

	private Disposition deadLetter(Message original, String queue, String reason, String description,
			Throwable error, int attempts) throws Exception {
		if (!this.deadLetterEnabled) {
			return Disposition.REJECTED;
		}
		await(this.publisher.deadLetter(original, queue, reason, description, error, attempts));
		return Disposition.DEAD_LETTERED;
	}

	private static void await(CompletableFuture<PublishReceipt> confirm) throws Exception {
		try {
			// The publisher's own confirm timeout bounds the wait.
			confirm.join();
		}
		catch (java.util.concurrent.CompletionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
	}

}
