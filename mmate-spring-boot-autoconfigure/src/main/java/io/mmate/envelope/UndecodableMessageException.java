package io.mmate.envelope;

/**
 * A delivery that cannot be turned into a message: the body is not JSON, no type name can be found, or the payload
 * does not bind to the handler's class. Such a delivery is dead-lettered at once with this message as the reason.
 */
public class UndecodableMessageException extends RuntimeException {

	/**
	 * Create the exception.
	 * @param message what is wrong, naming the field or property
	 * @param cause the parser's failure, may be {@code null}
	 */
	public UndecodableMessageException(String message, Throwable cause) {
		super(message, cause);
	}

}
