package io.mmate;

/**
 * A publish that the broker did not confirm: it refused the message (nack), could not route it, did not answer
 * within the confirm timeout, or could not be reached. The message may or may not have been stored; publish again
 * if it must arrive (handlers should then be idempotent).
 */
public class PublishException extends RuntimeException {

	private final String exchange;

	private final String routingKey;

	/**
	 * Create an exception for a publish to an exchange and routing key.
	 * @param message what went wrong, naming the exchange and routing key
	 * @param exchange the exchange
	 * @param routingKey the routing key
	 * @param cause the underlying failure, may be {@code null}
	 */
	public PublishException(String message, String exchange, String routingKey, Throwable cause) {
		super(message, cause);
		this.exchange = exchange;
		this.routingKey = routingKey;
	}

	/**
	 * The exchange the message was published to.
	 * @return the exchange name
	 */
	public String getExchange() {
		return this.exchange;
	}

	/**
	 * The routing key the message was published with.
	 * @return the routing key
	 */
	public String getRoutingKey() {
		return this.routingKey;
	}

}
