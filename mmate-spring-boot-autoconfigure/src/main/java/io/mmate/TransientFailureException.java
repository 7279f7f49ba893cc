package io.mmate;

/**
 * Thrown by a handler when a later attempt may succeed: a dependency is down or busy. The message is retried in
 * process, then redelivered through the broker after the configured delays, then dead-lettered. Exceptions that are
 * neither this nor {@link PermanentFailureException} and that no {@code mmate.retry} setting classifies are treated
 * as transient too; throwing this one says so explicitly.
 */
public class TransientFailureException extends RuntimeException {

	/**
	 * Create the exception.
	 * @param message what failed
	 */
	public TransientFailureException(String message) {
		super(message);
	}

	/**
	 * Create the exception with a cause.
	 * @param message what failed
	 * @param cause the underlying failure
	 */
	public TransientFailureException(String message, Throwable cause) {
		super(message, cause);
	}

}
