package io.mmate;

/**
 * The broker refused a message (a negative publisher confirm): a queue it was routed to would not take it, for
 * example a queue with a length limit and {@code x-overflow: reject-publish} that is full.
 */
public class PublishRefusedException extends PublishException {

	/**
	 * Create the exception.
	 * @param message what was refused, naming the exchange and routing key
	 * @param exchange the exchange
	 * @param routingKey the routing key
	 */
	public PublishRefusedException(String message, String exchange, String routingKey) {
		super(message, exchange, routingKey, null);
	}

}
