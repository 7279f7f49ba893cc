package io.mmate;

/**
 * The answer to a {@link Query}, or to a {@link Command} that asked for one, sent through the default exchange to the
 * requester's reply queue with the request's correlation id.
 *
 * <p>A record with a {@code success} component overrides {@link #success()}; return an {@link ErrorReply} to answer
 * with an error code instead.
 */
public non-sealed interface Reply extends Message {

	/**
	 * Whether the request succeeded.
	 * @return {@code true} unless this is an error reply
	 */
	default boolean success() {
		return true;
	}

	/**
	 * A machine-readable error code of a failed request.
	 * @return the code, or {@code null} on success
	 */
	default String errorCode() {
		return null;
	}

	/**
	 * A human-readable description of a failed request.
	 * @return the message, or {@code null} on success
	 */
	default String errorMessage() {
		return null;
	}

}
