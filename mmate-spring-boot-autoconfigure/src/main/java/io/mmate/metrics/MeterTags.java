package io.mmate.metrics;

/**
 * The tag keys and fixed values of Mmate's meters and observations: the OpenTelemetry messaging semantic conventions
 * ({@code messaging.system}, {@code messaging.destination.name}, {@code messaging.operation}) and the message type as
 * a tag of its own, {@code mmate.message.type}. Every tag is low-cardinality except the message id, which is kept
 * for traces only.
 */
public final class MeterTags {

	/** The messaging system, always {@value #RABBITMQ}. */
	public static final String SYSTEM = "messaging.system";

	/** The value of {@link #SYSTEM}. */
	public static final String RABBITMQ = "rabbitmq";

	/** The exchange a message is published to, or the queue it is consumed from. */
	public static final String DESTINATION = "messaging.destination.name";

	/** The destination name of the default exchange, whose real name is empty. */
	public static final String DEFAULT_EXCHANGE = "(default)";

	/** What is done: {@value #PUBLISH} or {@value #PROCESS}. */
	public static final String OPERATION = "messaging.operation";

	/** The operation of publishes and requests. */
	public static final String PUBLISH = "publish";

	/** The operation of handled deliveries. */
	public static final String PROCESS = "process";

	/** The Mmate message type, such as {@code PlaceOrderCommand}. */
	public static final String MESSAGE_TYPE = "mmate.message.type";

	/** The message id: high-cardinality, on observations (for traces) only, never on a meter. */
	public static final String MESSAGE_ID = "messaging.message.id";

	/** How a publish, delivery or request ended. */
	public static final String OUTCOME = "outcome";

	private MeterTags() {
	}

	/**
	 * The destination name of an exchange.
	 * @param exchange the exchange, {@code ""} for the default exchange
	 * @return the exchange, or {@value #DEFAULT_EXCHANGE}
	 */
	public static String exchange(String exchange) {
		return exchange.isEmpty() ? DEFAULT_EXCHANGE : exchange;
	}

}
