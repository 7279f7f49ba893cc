package io.mmate;

import java.time.Duration;

/**
 * No reply arrived within a request's timeout. A reply that arrives later is dropped.
 */
public class RequestTimeoutException extends RuntimeException {

	/**
	 * Create the exception.
	 * @param type the request's message type
	 * @param target where it was sent: a service, or the query's routing key
	 * @param timeout the timeout
	 */
	public RequestTimeoutException(String type, String target, Duration timeout) {
		super("No reply to '" + type + "' from " + target + " within " + timeout);
	}

}
