package io.mmate.envelope;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reads the timestamps that Mmate implementations write, {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, without the
 * general-purpose {@link java.time.format.DateTimeFormatter} parser, which allocates more per message than the rest of
 * the envelope's metadata together. Any other form is left to that parser.
 */
final class UtcTimestamps {

	private static final int[] NANOS_PER_DIGIT = { 0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100,
			10, 1 };

	private UtcTimestamps() {
	}

	/**
	 * Parse a UTC timestamp in the exact form Mmate writes.
	 * @param text the text
	 * @return the instant, or {@code null} when the text has another form or an invalid field, so that the caller
	 * parses it as before
	 */
	static Instant parse(String text) {
		int length = text.length();
		if (length < 20 || length == 21 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-'
				|| text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
				|| text.charAt(length - 1) != 'Z') {
			return null;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 2);
		int day = digits(text, 8, 2);
		int hour = digits(text, 11, 2);
		int minute = digits(text, 14, 2);
		int second = digits(text, 17, 2);
		int nanos = 0;
		if (length > 20) {
			int fractionDigits = length - 21;
			int fraction = (text.charAt(19) == '.') ? digits(text, 20, fractionDigits) : -1;
			if (fraction < 0) {
				return null;
			}
			nanos = fraction * NANOS_PER_DIGIT[fractionDigits];
		}
		if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
			return null;
		}
		try {
			return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeException ex) {
			// Out of range, such as February 30: the full parser rejects it in its own way.
			return null;
		}
	}

	private static int digits(String text, int start, int count) {
		int value = 0;
		for (int i = start; i < start + count; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

}
