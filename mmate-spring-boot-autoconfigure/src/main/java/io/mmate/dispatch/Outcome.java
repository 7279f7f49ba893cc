package io.mmate.dispatch;

import io.mmate.DeadLetterReason;

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
	 */
	record Failed(Throwable error) implements Outcome {
	}

	/**
	 * The message never reached a handler: no handler for its type, or a payload that does not bind.
	 * @param reason why
	 * @param description what is wrong, naming the type and queue
	 * @param cause the underlying exception, may be {@code null}
	 */
	record Rejected(DeadLetterReason reason, String description, Throwable cause) implements Outcome {
	}

}
