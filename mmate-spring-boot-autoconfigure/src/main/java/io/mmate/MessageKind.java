package io.mmate;

/**
 * The four kinds of Mmate message, written to the {@code x-message-kind} header.
 */
public enum MessageKind {

	/** A {@link Command}. */
	COMMAND("command"),

	/** An {@link Event}. */
	EVENT("event"),

	/** A {@link Query}. */
	QUERY("query"),

	/** A {@link Reply}. */
	REPLY("reply");

	// values() copies the array on every call, and every delivery looks its kind up.
	private static final MessageKind[] KINDS = values();

	private final String headerValue;

	MessageKind(String headerValue) {
		this.headerValue = headerValue;
	}

	/**
	 * The value of the {@code x-message-kind} header.
	 * @return the lower-case kind name
	 */
	public String headerValue() {
		return this.headerValue;
	}

	/**
	 * The kind a message class implements.
	 * @param type a message class
	 * @return its kind
	 * @throws IllegalArgumentException if the class implements none of the four kinds
	 */
	public static MessageKind of(Class<?> type) {
		if (Command.class.isAssignableFrom(type)) {
			return COMMAND;
		}
		if (Event.class.isAssignableFrom(type)) {
			return EVENT;
		}
		if (Query.class.isAssignableFrom(type)) {
			return QUERY;
		}
		if (Reply.class.isAssignableFrom(type)) {
			return REPLY;
		}
		throw new IllegalArgumentException(type.getName() + " is not a Command, Event, Query or Reply");
	}

	/**
	 * The kind named by an {@code x-message-kind} header value, ignoring case.
	 * @param headerValue the header value, may be {@code null}
	 * @return the kind, or {@code null} when the value names none
	 */
	public static MessageKind fromHeader(String headerValue) {
		if (headerValue != null) {
			for (MessageKind kind : KINDS) {
				if (kind.headerValue.equalsIgnoreCase(headerValue)) {
					return kind;
				}
			}
		}
		return null;
	}

}
