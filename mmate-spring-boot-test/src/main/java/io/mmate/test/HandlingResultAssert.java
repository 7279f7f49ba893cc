package io.mmate.test;

import java.time.Duration;
import java.util.Objects;

import io.mmate.DeadLetterReason;

import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link HandlingResult}: whether the delivery was handled, redelivered later, dead-lettered or
 * rejected, and why.
 */
public class HandlingResultAssert extends AbstractAssert<HandlingResultAssert, HandlingResult> {

	HandlingResultAssert(HandlingResult actual) {
		super(actual, HandlingResultAssert.class);
	}

	/**
	 * The handler handled the message.
	 * @return this
	 */
	public HandlingResultAssert wasHandled() {
		isNotNull();
		if (!this.actual.isHandled()) {
			failWithMessage("Expected the message to be handled but it was settled with %s", describe());
		}
		return this;
	}

	/**
	 * The message was moved to its dead-letter queue, whatever the reason.
	 * @return this
	 */
	public HandlingResultAssert wasDeadLettered() {
		isNotNull();
		if (!this.actual.isDeadLettered()) {
			failWithMessage("Expected the message to be dead-lettered but it was settled with %s", describe());
		}
		return this;
	}

	/**
	 * The message was moved to its dead-letter queue with a reason.
	 * @param reason the reason
	 * @return this
	 */
	public HandlingResultAssert wasDeadLetteredWith(DeadLetterReason reason) {
		wasDeadLettered();
		if (this.actual.reason() != reason) {
			failWithMessage("Expected the message to be dead-lettered with <%s> but it was with <%s>: %s", reason,
					this.actual.reason(), this.actual.failure().description());
		}
		return this;
	}

	/**
	 * The message was rejected with a reason, dead-lettering being off.
	 * @param reason the reason
	 * @return this
	 */
	public HandlingResultAssert wasRejectedWith(DeadLetterReason reason) {
		isNotNull();
		if (!this.actual.isRejected() || this.actual.reason() != reason) {
			failWithMessage("Expected the message to be rejected with <%s> but it was settled with %s", reason,
					describe());
		}
		return this;
	}

	/**
	 * The message failed and goes back to its queue after a delay.
	 * @param delay the delay
	 * @return this
	 */
	public HandlingResultAssert wasRedeliveredAfter(Duration delay) {
		isNotNull();
		if (!this.actual.isRedeliveredLater()) {
			failWithMessage("Expected the message to be redelivered after %s but it was settled with %s", delay,
					describe());
		}
		else if (!Objects.equals(this.actual.redeliveryDelay(), delay)) {
			failWithMessage("Expected the message to be redelivered after %s but it is after %s", delay,
					this.actual.redeliveryDelay());
		}
		return this;
	}

	/**
	 * A failed delivery called its handler a number of times, in-process retries included.
	 * @param attempts the attempts
	 * @return this
	 */
	public HandlingResultAssert hasAttempts(int attempts) {
		isNotNull();
		if (this.actual.attempts() != attempts) {
			failWithMessage("Expected %s attempt(s) but there were %s (%s)", attempts, this.actual.attempts(),
					describe());
		}
		return this;
	}

	/**
	 * The delivery sent a reply, on which assertions go on.
	 * @return assertions on the reply
	 */
	public RecordedMessageAssert hasReply() {
		isNotNull();
		if (this.actual.reply() == null) {
			failWithMessage("Expected a reply but none was sent (%s)", describe());
		}
		return new RecordedMessageAssert(this.actual.reply());
	}

	/**
	 * The delivery sent no reply.
	 * @return this
	 */
	public HandlingResultAssert hasNoReply() {
		isNotNull();
		if (this.actual.reply() != null) {
			failWithMessage("Expected no reply but %s was sent", this.actual.reply());
		}
		return this;
	}

	private String describe() {
		return this.actual.settlement().getClass().getSimpleName()
				+ ((this.actual.failure() != null) ? " (" + this.actual.reason() + ": "
						+ this.actual.failure().description() + ")" : "");
	}

}
