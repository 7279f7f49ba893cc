package io.mmate.dispatch;

import io.mmate.DeadLetterReason;
import io.mmate.Reply;

/**
 * What became of one dispatched message. The set is closed: a message is handled, failed by its handler, or
 * rejected before it reached one.
 */
public sealed interface Outcome {

	/**
	 * The handler returned.
	 * @param result what it returned: a reply to send, or {@code null}
	 */
	record Handled(Object result) implements Outcome {
	}

	/**
	 * The handler, or an interceptor, threw.
	 * @param error the exception
	 * @param replyType the reply class an error reply is sent as (see
	 * {@link HandlerDefinition#failureReplyType()}), {@code null} for an {@link io.mmate.ErrorReply}
	 */
	record Failed(Throwable error, Class<? extends Reply> replyType) implements Outcome {

		/**
		 * A failure answered with an {@link io.mmate.ErrorReply}.
		 * @param error the exception
		 */
		public Failed(Throwable error) {
			this(error, null);
		}

	}

	/**
	 * The message never reached a handler: no handler for its type, or a payload that does not bind.
	 * @param reason why
	 * @param description what is wrong, naming the type and queue
	 * @param cause the underlying exception, may be {@code null}
	 * @param replyType the reply class an error reply is sent as, when a handler was found; {@code null} for an
	 * {@link io.mmate.ErrorReply}
	 */
	record Rejected(DeadLetterReason reason, String description, Throwable cause,
			Class<? extends Reply> replyType) implements Outcome {

		/**
		 * A rejection answered with an {@link io.mmate.ErrorReply}.
		 * @param reason why
		 * @param description what is wrong, naming the type and queue
		 * @param cause the underlying exception, may be {@code null}
		 */
		public Rejected(DeadLetterReason reason, String description, Throwable cause) {
			this(reason, description, cause, null);
		}

	}

}
