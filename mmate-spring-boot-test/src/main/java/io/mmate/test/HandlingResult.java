package io.mmate.test;

import java.time.Duration;
import java.time.Instant;

import io.mmate.DeadLetterReason;
import io.mmate.failure.Failure;
import io.mmate.failure.FailureHistory;
import io.mmate.failure.Settlement;

/**
 * What became of one delivery in the harness: the {@link Settlement} the starter's failure decider chose, exactly as
 * the broker-backed listener would apply it, and what applying it sent: the reply or error reply, the dead letter, the
 * copy held for a delayed redelivery.
 */
public final class HandlingResult {

	private final String messageId;

	private final String type;

	private final Settlement settlement;

	private final FailureHistory history;

	private final RecordedMessage reply;

	private final RecordedMessage deadLetter;

	private final RecordedMessage redelivery;

	HandlingResult(String messageId, String type, Settlement settlement, FailureHistory history,
			RecordedMessage reply, RecordedMessage deadLetter, RecordedMessage redelivery) {
		this.messageId = messageId;
		this.type = type;
		this.settlement = settlement;
		this.history = history;
		this.reply = reply;
		this.deadLetter = deadLetter;
		this.redelivery = redelivery;
	}

	/**
	 * The id of the delivered message.
	 * @return the id, {@code null} when its body could not be decoded and named none
	 */
	public String messageId() {
		return this.messageId;
	}

	/**
	 * The type of the delivered message.
	 * @return the type name, {@code null} when its body could not be decoded
	 */
	public String type() {
		return this.type;
	}

	/**
	 * The settlement, as the broker-backed listener would apply it.
	 * @return the settlement
	 */
	public Settlement settlement() {
		return this.settlement;
	}

	/**
	 * Whether a handler handled the message: it was acknowledged, after its reply when it had one.
	 * @return {@code true} when handled
	 */
	public boolean isHandled() {
		return this.settlement instanceof Settlement.Acknowledge
				|| this.settlement instanceof Settlement.AcknowledgeAfterReply;
	}

	/**
	 * Whether the message failed and goes back to its queue after a delay.
	 * @return {@code true} for a delayed redelivery
	 */
	public boolean isRedeliveredLater() {
		return this.settlement instanceof Settlement.RedeliverLater;
	}

	/**
	 * Whether the message was moved to its dead-letter queue.
	 * @return {@code true} when dead-lettered
	 */
	public boolean isDeadLettered() {
		return this.settlement instanceof Settlement.DeadLetter;
	}

	/**
	 * Whether the message was rejected without a dead letter ({@code mmate.dead-letter.enabled=false}).
	 * @return {@code true} when rejected
	 */
	public boolean isRejected() {
		return this.settlement instanceof Settlement.Reject;
	}

	/**
	 * Why the delivery failed.
	 * @return the failure, {@code null} when it was handled
	 */
	public Failure failure() {
		return this.settlement.failure();
	}

	/**
	 * The reason a failed delivery is (or, after its last redelivery, would be) dead-lettered with.
	 * @return the reason, {@code null} when it was handled
	 */
	public DeadLetterReason reason() {
		Failure failure = failure();
		return (failure != null) ? failure.reason() : null;
	}

	/**
	 * How many times a handler was called on this delivery, in-process retries included.
	 * @return the attempts of a failed delivery; 0 when handled (the harness does not count successful attempts)
	 */
	public int attempts() {
		Failure failure = failure();
		return (failure != null) ? failure.attempts() : 0;
	}

	/**
	 * How long a failed message waits before it is delivered again.
	 * @return the delay, {@code null} unless {@link #isRedeliveredLater()}
	 */
	public Duration redeliveryDelay() {
		return (this.settlement instanceof Settlement.RedeliverLater later) ? later.delay() : null;
	}

	/**
	 * When a failed message is delivered again, on the harness clock.
	 * @return the due time, {@code null} unless {@link #isRedeliveredLater()}
	 */
	public Instant redeliveryDueAt() {
		return (this.redelivery != null) ? this.redelivery.dueAt() : null;
	}

	/**
	 * How many delayed redeliveries the message had been through before this delivery, from its headers.
	 * @return 0 for its first delivery
	 */
	public long redeliveriesBefore() {
		return this.history.redeliveries();
	}

	/**
	 * The reply or error reply this delivery sent.
	 * @return the reply, {@code null} when none was sent
	 */
	public RecordedMessage reply() {
		return this.reply;
	}

	/**
	 * The dead letter this delivery sent to {@code dlq.{queue}}.
	 * @return the dead letter, {@code null} unless {@link #isDeadLettered()}
	 */
	public RecordedMessage deadLetter() {
		return this.deadLetter;
	}

	/**
	 * The copy held for a delayed redelivery, with the failure headers it carries back to its queue.
	 * @return the copy, {@code null} unless {@link #isRedeliveredLater()}
	 */
	public RecordedMessage redelivery() {
		return this.redelivery;
	}

	@Override
	public String toString() {
		return "HandlingResult[type=" + this.type + ", messageId=" + this.messageId + ", settlement="
				+ this.settlement + "]";
	}

}
