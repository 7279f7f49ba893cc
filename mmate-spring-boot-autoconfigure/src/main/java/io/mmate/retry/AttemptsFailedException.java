package io.mmate.retry;

/**
 * The in-process attempts at a message failed: carries how many were made and the last failure as its cause.
 */
public class AttemptsFailedException extends Exception {

	private final int attempts;

	/**
	 * Create the exception.
	 * @param attempts how many attempts were made
	 * @param cause the last failure
	 */
	public AttemptsFailedException(int attempts, Throwable cause) {
		super(attempts + " attempt(s) failed: " + cause, cause);
		this.attempts = attempts;
	}

	/**
	 * How many attempts were made.
	 * @return the attempt count
	 */
	public int attempts() {
		return this.attempts;
	}

}
