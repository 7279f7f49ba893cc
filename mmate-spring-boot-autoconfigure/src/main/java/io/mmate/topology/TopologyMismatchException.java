package io.mmate.topology;

/**
 * The broker already has a queue or exchange of this name with other properties or arguments than this service
 * declares. The broker refuses such a declaration, so the service stops at start-up with this message instead of
 * retrying forever.
 */
public class TopologyMismatchException extends RuntimeException {

	/**
	 * Create the exception.
	 * @param message what differs and how to fix it
	 * @param cause the broker's refusal
	 */
	public TopologyMismatchException(String message, Throwable cause) {
		super(message, cause);
	}

}
