package io.mmate.deadletter;

/**
 * Thrown when another operation on the same dead-letter queue is still running after a short wait: one operation at
 * a time per queue keeps the number of messages a listing takes out of the queue bounded. Nothing has changed on the
 * broker when it is thrown; try again shortly.
 */
public class DeadLetterBusyException extends RuntimeException {

	/**
	 * Create the exception.
	 * @param message which queue is busy
	 */
	public DeadLetterBusyException(String message) {
		super(message);
	}

}
