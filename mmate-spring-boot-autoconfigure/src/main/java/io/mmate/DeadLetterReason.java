package io.mmate;

/**
 * Why a message was dead-lettered (or rejected, when dead-lettering is off). The {@linkplain #code() code} is what
 * the dead letter's {@code x-mmate-dead-letter-reason} header and the {@code reason} tag of the dead-letter meter
 * say; the {@linkplain #errorCode() error code} is what an error reply to a waiting requester says.
 */
public enum DeadLetterReason {

	/** The body or payload could not be decoded. */
	UNDECODABLE("undecodable", "the body or payload could not be decoded", false),

	/** No handler is registered for the message type. */
	NO_HANDLER("no-handler", "no handler handles the message type", false),

	/** The handler failed for good: a permanent failure, or retries exhausted. */
	HANDLER_FAILED("handler-failed", "the handler failed", true),

	/** The message came back unacknowledged too often: its handler may crash the process. */
	DELIVERY_LIMIT("delivery-limit", "delivered too often without being acknowledged", true),

	/** A message in the scheduled-message relay queue names no destination. */
	NO_DESTINATION("no-destination", "a scheduled message names no destination", false),

	/** A scheduled message was due, but no queue is bound for its destination. */
	UNROUTABLE("unroutable", "no queue is bound for the scheduled message's destination", false),

	/** The payload breaks the constraints of a handler parameter marked {@code @Valid}. */
	VALIDATION_FAILED("validation-failed", "the payload breaks its constraints", false),

	/** The message arrived by a route of another kind than its handler's: an event on a command's routing key. */
	KIND_MISMATCH("kind-mismatch", "the route it arrived by does not fit its handler's kind", false),

	/** The body is larger than {@code mmate.listener.max-message-size}: it was not decoded. */
	TOO_LARGE("too-large", "the message is larger than the consumer decodes", false);

	private final String code;

	private final String text;

	private final boolean handled;

	DeadLetterReason(String code, String text, boolean handled) {
		this.code = code;
		this.text = text;
		this.handled = handled;
	}

	/**
	 * The wire code, as written to dead letters.
	 * @return for example {@code handler-failed}
	 */
	public String code() {
		return this.code;
	}

	/**
	 * What the reason means, in words.
	 * @return for example {@code the handler failed}
	 */
	public String text() {
		return this.text;
	}

	/**
	 * The error code of the error reply sent to a requester.
	 * @return for example {@code HANDLER_FAILED}
	 */
	public String errorCode() {
		return name();
	}

	/**
	 * Whether a handler was given the message before it was dead-lettered; {@code false} when it was refused on
	 * arrival.
	 * @return whether a handler had it
	 */
	public boolean reachedHandler() {
		return this.handled;
	}

}
