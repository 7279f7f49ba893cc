package io.mmate;

import java.util.Objects;

/**
 * A reply that says a request failed: {@code success: false} with an error code and message. Return it from a
 * handler declared to return {@link Reply}, or let the starter send one when a handler fails for good.
 *
 * @param errorCode machine-readable code, for example {@code ORDER_NOT_FOUND}
 * @param errorMessage human-readable description
 */
@MessageType("ErrorReply")
public record ErrorReply(String errorCode, String errorMessage) implements Reply {

	public ErrorReply {
		Objects.requireNonNull(errorCode, "errorCode must not be null");
	}

	/**
	 * Create an error reply.
	 * @param errorCode machine-readable code
	 * @param errorMessage human-readable description
	 * @return the reply
	 */
	public static ErrorReply of(String errorCode, String errorMessage) {
		return new ErrorReply(errorCode, errorMessage);
	}

	@Override
	public boolean success() {
		return false;
	}

}
