package io.mmate.failure;

import java.time.Duration;
import java.util.List;

import io.mmate.DeadLetterReason;
import io.mmate.MessageValidationException;
import io.mmate.Reply;
import io.mmate.dispatch.Outcome;
import io.mmate.envelope.UndecodableMessageException;
import io.mmate.retry.AttemptsFailedException;
import io.mmate.retry.FailureClassifier;
import io.mmate.retry.RetryPolicies;
import io.mmate.retry.RetryPolicySettings;

/**
 * Decides what becomes of a delivery of one queue, from what happened to it, its failure history and the retry
 * policy of its type. A pure function: it sends nothing and settles nothing, so every rule is testable without a
 * broker.
 *
 * <p>The rules: a handled message is acknowledged, after its reply when it has one. A message refused before a
 * handler had it is dead-lettered at once. A failed handler's message is redelivered after the next configured
 * delay while the failure is transient, delays remain and the queue allows it (nobody waits for a reply, the queue
 * keeps no order); else it is dead-lettered. A payload that breaks its constraints is dead-lettered with its own
 * reason, whose error reply lists the violations. With dead-lettering off, a failed message is rejected instead.
 */
public final class FailureDecider {

	private final String queue;

	private final RetryPolicies policies;

	private final FailureRules rules;

	/**
	 * Create the decider of one queue.
	 * @param queue the queue, named in descriptions
	 * @param policies the retry policies
	 * @param rules what the queue allows
	 */
	public FailureDecider(String queue, RetryPolicies policies, FailureRules rules) {
		this.queue = queue;
		this.policies = policies;
		this.rules = rules;
	}

	/**
	 * Decide after dispatching.
	 * @param outcome what the dispatcher reports
	 * @param type the message type
	 * @param replyExpected whether a requester waits for a reply
	 * @param history the message's failure history
	 * @return the settlement
	 */
	public Settlement decide(Outcome outcome, String type, boolean replyExpected, FailureHistory history) {
		if (outcome instanceof Outcome.Handled handled) {
			return (handled.result() != null && replyExpected) ? new Settlement.AcknowledgeAfterReply(handled.result())
					: Settlement.ACKNOWLEDGE;
		}
		if (outcome instanceof Outcome.Rejected rejected) {
			return failedForGood(new Failure(rejected.reason(), rejected.description(), rejected.cause(), 1, false,
					rejected.replyType()));
		}
		Outcome.Failed failed = (Outcome.Failed) outcome;
		return handlerFailed(failed.error(), failed.replyType(), type, replyExpected, history);
	}

	/**
	 * Decide on a delivery whose body could not be decoded.
	 * @param error what is wrong with it
	 * @return the settlement: dead-letter
	 */
	public Settlement undecodable(UndecodableMessageException error) {
		return failedForGood(new Failure(DeadLetterReason.UNDECODABLE,
				error.getMessage() + " (queue '" + this.queue + "')", error, 1, false));
	}

	/**
	 * Decide on a delivery whose body is larger than the queue decodes.
	 * @param size the body's size in bytes
	 * @param limit the largest size decoded
	 * @return the settlement: dead-letter
	 */
	public Settlement tooLarge(long size, long limit) {
		return failedForGood(new Failure(DeadLetterReason.TOO_LARGE, "Message of " + size + " bytes on queue '"
				+ this.queue + "' is more than mmate.listener.max-message-size (" + limit + " bytes); not decoded",
				null, 0, false));
	}

	/**
	 * Decide on a delivery that the broker delivered before without an acknowledgement, on a queue that counts such
	 * deliveries: its consumer may have crashed while handling it.
	 * @param history the message's failure history
	 * @return the settlement: back to the queue with its count, or dead-letter at the limit
	 */
	public Settlement redelivered(FailureHistory history) {
		long deliveries = history.deliveriesWithThis();
		int limit = this.rules.countedDeliveryLimit();
		if (deliveries < limit) {
			return new Settlement.RequeueCounted(deliveries);
		}
		return failedForGood(new Failure(DeadLetterReason.DELIVERY_LIMIT, "Delivered " + deliveries
				+ " times without being acknowledged on queue '" + this.queue + "' (mmate.queue.delivery-limit="
				+ limit + "); its handler may crash the process", null, 0, false));
	}

	/**
	 * Decide on a delivery whose handling failed in an unexpected way, outside the handler.
	 * @param error what was thrown
	 * @return the settlement: dead-letter
	 */
	public Settlement unexpected(Throwable error) {
		return failedForGood(new Failure(DeadLetterReason.HANDLER_FAILED,
				"Unexpected failure on queue '" + this.queue + "': " + error, error, 1, false));
	}

	/**
	 * Whether a delivery's redelivery must be counted before it is handled.
	 * @param redelivered whether the broker delivered it before
	 * @return {@code true} when the queue counts deliveries and this one is a redelivery
	 */
	public boolean mustCount(boolean redelivered) {
		return redelivered && this.rules.countsDeliveries();
	}

	private Settlement handlerFailed(Throwable error, Class<? extends Reply> replyType, String type,
			boolean replyExpected, FailureHistory history) {
		int attempts = (error instanceof AttemptsFailedException failed) ? failed.attempts() : 1;
		Throwable cause = (error instanceof AttemptsFailedException) ? error.getCause() : error;
		RetryPolicySettings policy = this.policies.forType(type);
		boolean permanent = FailureClassifier.isPermanent(cause, policy);
		Failure failure = (cause instanceof MessageValidationException invalid)
				? new Failure(DeadLetterReason.VALIDATION_FAILED,
						invalid.getMessage() + " (queue '" + this.queue + "')", cause, attempts, !permanent, replyType)
				: new Failure(DeadLetterReason.HANDLER_FAILED, "Handler for message type '" + type + "' on queue '"
						+ this.queue + "' failed (" + attempts + " attempt(s)): " + cause, cause, attempts,
						!permanent, replyType);
		// A waiting requester would time out, and an ordered queue would reorder, before a delayed redelivery.
		boolean mayRedeliver = !replyExpected && this.rules.delayedRedelivery() && !permanent;
		List<Duration> delays = policy.redeliveryDelays();
		if (mayRedeliver && history.redeliveries() < delays.size()) {
			return new Settlement.RedeliverLater(delays.get((int) history.redeliveries()), failure);
		}
		return failedForGood(failure);
	}

	private Settlement failedForGood(Failure failure) {
		return this.rules.deadLetter() ? new Settlement.DeadLetter(failure) : new Settlement.Reject(failure);
	}

}
