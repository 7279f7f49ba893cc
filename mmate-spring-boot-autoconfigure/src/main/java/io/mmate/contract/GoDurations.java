package io.mmate.contract;

import java.time.Duration;

/**
 * Durations as Go's {@code time.Duration} prints them, such as {@code 30s}, {@code 1m30s}, {@code 2h0m0s} or
 * {@code 1.5ms}: the text Go's contracts carry in {@code timeout}.
 */
final class GoDurations {

	private static final long MICRO = 1_000L;

	private static final long MILLI = 1_000_000L;

	private static final long SECOND = 1_000_000_000L;

	private static final long MINUTE = 60 * SECOND;

	private static final long HOUR = 60 * MINUTE;

	private GoDurations() {
	}

	static String format(Duration duration) {
		long nanos = duration.toNanos();
		if (nanos < 0) {
			return "-" + format(duration.negated());
		}
		if (nanos == 0) {
			return "0s";
		}
		if (nanos < MICRO) {
			return nanos + "ns";
		}
		if (nanos < MILLI) {
			return decimal(nanos, MICRO) + "µs";
		}
		if (nanos < SECOND) {
			return decimal(nanos, MILLI) + "ms";
		}
		StringBuilder text = new StringBuilder();
		if (nanos >= HOUR) {
			text.append(nanos / HOUR).append('h');
		}
		if (nanos >= MINUTE) {
			text.append((nanos % HOUR) / MINUTE).append('m');
		}
		return text.append(decimal(nanos % MINUTE, SECOND)).append('s').toString();
	}

	// The value in units, with the fraction it has and no trailing zeros.
	private static String decimal(long value, long unit) {
		long whole = value / unit;
		long fraction = value % unit;
		if (fraction == 0) {
			return Long.toString(whole);
		}
		String digits = Long.toString(unit + fraction).substring(1).replaceAll("0+$", "");
		return whole + "." + digits;
	}

}
