package io.mmate;

/**
 * The broker returned a mandatory message because no queue is bound for its routing key: nobody handles that
 * command, query or reply (or that event, when unroutable events are configured to fail).
 */
public class UnroutableMessageException extends PublishException {

	/**
	 * Create the exception for a returned message.
	 * @param exchange the exchange
	 * @param routingKey the routing key
	 * @param replyText the broker's reason, usually {@code NO_ROUTE}
	 */
	public UnroutableMessageException(String exchange, String routingKey, String replyText) {
		super("Message returned by the broker (" + replyText + "): no queue is bound to exchange '" + exchange
				+ "' with routing key '" + routingKey + "'. Is the receiving service running and subscribed?",
				exchange, routingKey, null);
	}

}
