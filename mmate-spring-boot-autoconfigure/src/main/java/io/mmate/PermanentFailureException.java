package io.mmate;

/**
 * Thrown by a handler when retrying cannot help: invalid data, a rule the message breaks, a missing entity. The
 * message goes to the dead-letter queue at once, without retries; a requester gets an error reply.
 */
public class PermanentFailureException extends RuntimeException {

	/**
	 * Create the exception.
	 * @param message why the message cannot be handled
	 */
	public PermanentFailureException(String message) {
		super(message);
	}

	/**
	 * Create the exception with a cause.
	 * @param message why the message cannot be handled
	 * @param cause the underlying failure
	 */
	public PermanentFailureException(String message, Throwable cause) {
		super(message, cause);
	}

}
