package io.mmate.failure;

import io.mmate.DeadLetterReason;
import io.mmate.ErrorReply;
import io.mmate.Reply;
import io.mmate.TypedErrorReply;
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
 * @param replyType the reply class the error reply is sent as, so that a requester bound to it can read it;
 * {@code null} for an {@link ErrorReply}
 */
public record Failure(DeadLetterReason reason, String description, Throwable cause, int attempts,
		boolean transientFailure, Class<? extends Reply> replyType) {

	/**
	 * A failure answered with an {@link ErrorReply}.
	 * @param reason the reason
	 * @param description one line naming the message type, the queue and what went wrong
	 * @param cause the exception, {@code null} when there was none
	 * @param attempts how many times a handler was called on this delivery
	 * @param transientFailure whether the failure may pass
	 */
	public Failure(DeadLetterReason reason, String description, Throwable cause, int attempts,
			boolean transientFailure) {
		this(reason, description, cause, attempts, transientFailure, null);
	}

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
	 * description; an {@link ErrorReply}, or a {@link TypedErrorReply} when the failure has a reply class.
	 * @return the error reply
	 */
	public Reply errorReply() {
		String message = this.description;
		if (this.reason == DeadLetterReason.HANDLER_FAILED && this.cause != null) {
			message = (this.cause.getMessage() != null) ? BoundedText.of(this.cause.getMessage())
					: this.cause.getClass().getName();
		}
		String code = this.reason.errorCode();
		return (this.replyType != null) ? TypedErrorReply.of(this.replyType, code, message)
				: ErrorReply.of(code, message);
	}

}
