package io.mmate.failure;

/**
 * Headers a failed message carries besides its original ones: on its way back through a delayed redelivery, they
 * count its attempts; in the dead-letter queue, they also say why it failed and where it came from, so that an
 * operator can replay it.
 */
public final class DeadLetterHeaders {

	/** Why: {@code undecodable}, {@code no-handler} or {@code handler-failed}. */
	public static final String REASON = "x-mmate-dead-letter-reason";

	/** A one-line description of the failure. */
	public static final String DESCRIPTION = "x-mmate-dead-letter-description";

	/** The exchange the message was originally published to. */
	public static final String ORIGINAL_EXCHANGE = "x-mmate-original-exchange";

	/** The routing key the message was originally published with. */
	public static final String ORIGINAL_ROUTING_KEY = "x-mmate-original-routing-key";

	/** The queue the message failed on. */
	public static final String ORIGINAL_QUEUE = "x-mmate-original-queue";

	/** The class of the exception, when there was one. */
	public static final String EXCEPTION_TYPE = "x-mmate-exception-type";

	/** The exception message. */
	public static final String EXCEPTION_MESSAGE = "x-mmate-exception-message";

	/** The stack trace, cut to a bounded length. */
	public static final String STACK_TRACE = "x-mmate-stack-trace";

	/** How many times the message has been redelivered through the broker after failing. */
	public static final String REDELIVERIES = "x-mmate-redeliveries";

	/** How many times the message was delivered without being acknowledged, on classic queues. */
	public static final String DELIVERIES = "x-mmate-deliveries";

	/** How many times handling was attempted. */
	public static final String ATTEMPTS = "x-mmate-attempts";

	/** When the first attempt failed (RFC 3339). */
	public static final String FIRST_FAILURE = "x-mmate-first-failure";

	/** When the last attempt failed (RFC 3339). */
	public static final String LAST_FAILURE = "x-mmate-last-failure";

	/** The service that dead-lettered the message. */
	public static final String SERVICE = "x-mmate-service";

	/**
	 * The original headers left out of the copy, with their sizes: those that AMQP cannot carry, and the largest when
	 * the headers would not fit in a frame.
	 */
	public static final String DROPPED_HEADERS = "x-mmate-dropped-headers";

	private DeadLetterHeaders() {
	}

}
