package io.mmate.failure;

import io.mmate.DeadLetterReason;
import io.mmate.ErrorReply;
import io.mmate.envelope.BoundedText;

/**
 * Why a delivery failed, as its dead letter, its log line and its error reply tell it.
 *
 * @param reason the reason
 * @param description one line naming the message type, the queue and what went wrong
 * @param cause the exception, {@code null} when there was none
 * @param attempts how many times a handler was called on this delivery
 * @param transientFailure whether the failure may pass (a dependency down, say), which the circuit breaker counts;
 * {@code false} for permanent failures and messages refused before a handler had them
 */
public record Failure(DeadLetterReason reason, String description, Throwable cause, int attempts,
		boolean transientFailure) {

	/**
	 * Create a failure, its description cut to {@link BoundedText#MAX_CHARS} characters: it is logged and written to
	 * a header, and may quote an exception message of any length.
	 * @param reason the reason
	 * @param description what went wrong
	 * @param cause the exception, {@code null} when there was none
	 * @param attempts how many times a handler was called on this delivery
	 * @param transientFailure whether the failure may pass
	 */
	public Failure {
		description = BoundedText.of(description);
	}

	/**
	 * The error reply a waiting requester gets: the handler's own exception message when it failed, else the
	 * description.
	 * @return the error reply
	 */
	public ErrorReply errorReply() {
		if (this.reason == DeadLetterReason.HANDLER_FAILED && this.cause != null) {
			String message = this.cause.getMessage();
			return ErrorReply.of(this.reason.errorCode(),
					(message != null) ? BoundedText.of(message) : this.cause.getClass().getName());
		}
		return ErrorReply.of(this.reason.errorCode(), this.description);
	}

}
