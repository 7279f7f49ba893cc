package io.mmate.envelope;

/**
 * The AMQP short string, which carries a message's id, correlation id, reply address and type, and every exchange
 * name, routing key and header name: at most {@value #MAX_BYTES} bytes of UTF-8. The RabbitMQ client refuses to send
 * a longer one, so a value that is to become one is checked before it is used.
 */
public final class ShortStrings {

	/** The most bytes an AMQP short string holds. */
	public static final int MAX_BYTES = 255;

	private ShortStrings() {
	}

	/**
	 * Whether a value fits in an AMQP short string.
	 * @param value the value, may be {@code null}
	 * @return {@code true} for {@code null} and values of at most {@value #MAX_BYTES} bytes of UTF-8
	 */
	public static boolean fits(String value) {
		// No char takes more than three bytes: most values need not be counted.
		return value == null || value.length() <= MAX_BYTES / 3 || utf8Length(value) <= MAX_BYTES;
	}

	/**
	 * The length of a text in UTF-8, counted without encoding it.
	 * @param text the text
	 * @return its length in bytes
	 */
	public static long utf8Length(CharSequence text) {
		long bytes = 0;
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				bytes++;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
				bytes += 4;
				i++;
			}
			else if (Character.isSurrogate(c)) {
				// Encoded as '?', as String#getBytes does.
				bytes++;
			}
			else {
				bytes += 3;
			}
		}
		return bytes;
	}

}
