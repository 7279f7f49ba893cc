package io.mmate.deadletter;

/**
 * Thrown when a dead-letter operation asks for something that is not there or not allowed: a queue that is not a
 * service queue with a dead-letter queue, a message id that is not in the dead-letter queue, a page out of range.
 * Nothing has changed on the broker when it is thrown.
 */
public class DeadLetterRequestException extends RuntimeException {

	/**
	 * Create the exception.
	 * @param message what was wrong with the request
	 */
	public DeadLetterRequestException(String message) {
		super(message);
	}

}
