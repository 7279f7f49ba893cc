package io.mmate.envelope;

/**
 * Header names of the Mmate wire format, written to both the AMQP header table and the envelope's {@code headers}.
 */
public final class WireHeaders {

	/** The message type name. */
	public static final String MESSAGE_TYPE = "x-message-type";

	/** The message id. */
	public static final String MESSAGE_ID = "x-message-id";

	/** The correlation id, when set. */
	public static final String CORRELATION_ID = "x-correlation-id";

	/** {@code command}, {@code event}, {@code query} or {@code reply}. */
	public static final String MESSAGE_KIND = "x-message-kind";

	/** The library that wrote the message: {@code mmate-java} for this one. */
	public static final String SOURCE = "x-source";

	/** The wire format version, {@code 1.0}. */
	public static final String VERSION = "x-version";

	/** The aggregate id of an event. */
	public static final String AGGREGATE_ID = "x-aggregate-id";

	/** The sequence of an event, as a decimal string. */
	public static final String SEQUENCE = "x-sequence";

	/** Whether a reply reports success, {@code "true"} or {@code "false"}. */
	public static final String SUCCESS = "x-success";

	/**
	 * The reply address of a command or query that asks for a reply, as Mmate writes it and Go's envelope factory
	 * does.
	 */
	public static final String REPLY_TO = "x-reply-to";

	/** The reply address as Go's {@code WithReplyTo} publish option writes it, the only place it puts it. */
	public static final String PLAIN_REPLY_TO = "reply-to";

	/** The reply address as Go's {@code WithPublishReplyTo} publish option writes it, the only place it puts it. */
	public static final String CAMEL_REPLY_TO = "replyTo";

	/** A broker-side delay in milliseconds, for the delayed-message exchange. */
	public static final String DELAY = "x-delay";

	/** Plain alias of the message id that Mmate also writes. */
	public static final String PLAIN_MESSAGE_ID = "message-id";

	/** Plain alias of the message type that Mmate also writes. */
	public static final String PLAIN_MESSAGE_TYPE = "message-type";

	/** The creation time as RFC 3339 text. */
	public static final String PLAIN_TIMESTAMP = "timestamp";

	/** Plain alias of the source. */
	public static final String PLAIN_SOURCE = "source";

	/** Plain alias of the correlation id. */
	public static final String PLAIN_CORRELATION_ID = "correlation-id";

	/** The value of {@link #SOURCE} for messages this library writes. */
	public static final String SOURCE_VALUE = "mmate-java";

	/** The value of {@link #VERSION}. */
	public static final String VERSION_VALUE = "1.0";

	private WireHeaders() {
	}

}
