package io.mmate.envelope;

/**
 * Text of any length cut for a log line or a header: what a message carries, or an exception says about it, may be
 * megabytes long.
 */
public final class BoundedText {

	/** The most characters kept of a description, exception message or value. */
	public static final int MAX_CHARS = 1000;

	private BoundedText() {
	}

	/**
	 * The text of a value, cut to {@value #MAX_CHARS} characters.
	 * @param value the value, may be {@code null}
	 * @return its text, cut and followed by {@code … (N chars)} when it is longer
	 */
	public static String of(Object value) {
		return of(value, MAX_CHARS);
	}

	/**
	 * The text of a value, cut to at most a number of characters.
	 * @param value the value, may be {@code null}
	 * @param maxChars how many characters to keep at most
	 * @return its text, cut and followed by {@code … (N chars)} when it is longer
	 */
	public static String of(Object value, int maxChars) {
		String text = String.valueOf(value);
		if (text.length() <= maxChars) {
			return text;
		}
		int end = maxChars;
		if (Character.isHighSurrogate(text.charAt(end - 1))) {
			end--;
		}
		return text.substring(0, end) + "… (" + text.length() + " chars)";
	}

}
