package io.mmate.publish;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.LongString;
import io.mmate.connection.InboundSafety;
import io.mmate.envelope.ShortStrings;

/**
 * The sizes of header values as the RabbitMQ client encodes them in an AMQP field table, found without encoding them,
 * and whether it can encode them at all: values of the types it knows, names of at most 255 bytes, decimals it can
 * represent, and nesting no deeper than a receiving Mmate connection reads ({@link InboundSafety#MAX_HEADER_DEPTH}).
 */
public final class FieldTables {

	/** What {@link #size} returns for a value the client cannot encode, or a receiver would not read. */
	public static final long UNSENDABLE = -1;

	private FieldTables() {
	}

	/**
	 * The encoded size of one header: its name and its value.
	 * @param name the header name
	 * @param value the value
	 * @return the size in bytes, or {@link #UNSENDABLE}
	 */
	public static long size(String name, Object value) {
		long valueSize = valueSize(value, 0);
		return (valueSize < 0 || !ShortStrings.fits(name)) ? UNSENDABLE : 1 + ShortStrings.utf8Length(name) + valueSize;
	}

	/**
	 * Why a header cannot be sent.
	 * @param name the header name
	 * @param value the value, for which {@link #size} is {@link #UNSENDABLE}
	 * @return what is wrong, such as {@code nests deeper than 32 levels}
	 */
	public static String whyUnsendable(String name, Object value) {
		if (!ShortStrings.fits(name)) {
			return "has a name of " + ShortStrings.utf8Length(name) + " bytes, more than the "
					+ ShortStrings.MAX_BYTES + " of an AMQP short string";
		}
		String problem = problem(value, 0);
		return (problem != null) ? problem : "cannot be sent";
	}

	// The encoded size of a value with its type octet, or UNSENDABLE.
	private static long valueSize(Object value, int depth) {
		if (value == null || value instanceof Boolean || value instanceof Byte) {
			return (value == null) ? 1 : 2;
		}
		if (value instanceof String text) {
			return 5 + ShortStrings.utf8Length(text);
		}
		if (value instanceof LongString text) {
			return 5 + text.length();
		}
		if (value instanceof byte[] bytes) {
			return 5 + bytes.length;
		}
		if (value instanceof Integer || value instanceof Float) {
			return 5;
		}
		if (value instanceof Long || value instanceof Double || value instanceof Date) {
			return 9;
		}
		if (value instanceof Short) {
			return 3;
		}
		if (value instanceof BigDecimal decimal) {
			return encodable(decimal) ? 6 : UNSENDABLE;
		}
		if (value instanceof Map<?, ?> || value instanceof List<?> || value instanceof Object[]) {
			long nested = (depth < InboundSafety.MAX_HEADER_DEPTH) ? nestedSize(value, depth + 1) : UNSENDABLE;
			return (nested != UNSENDABLE) ? 5 + nested : UNSENDABLE;
		}
		return UNSENDABLE;
	}

	private static long nestedSize(Object value, int depth) {
		long size = 0;
		if (value instanceof Map<?, ?> table) {
			for (Map.Entry<?, ?> entry : table.entrySet()) {
				if (!(entry.getKey() instanceof String name) || !ShortStrings.fits(name)) {
					return UNSENDABLE;
				}
				long entrySize = valueSize(entry.getValue(), depth);
				if (entrySize < 0) {
					return UNSENDABLE;
				}
				size += 1 + ShortStrings.utf8Length(name) + entrySize;
			}
			return size;
		}
		for (Object element : (value instanceof Object[] array) ? Arrays.asList(array) : (List<?>) value) {
			long elementSize = valueSize(element, depth);
			if (elementSize < 0) {
				return UNSENDABLE;
			}
			size += elementSize;
		}
		return size;
	}

	// What is wrong with a value, or null.
	private static String problem(Object value, int depth) {
		if (value instanceof BigDecimal decimal && !encodable(decimal)) {
			return "holds a decimal outside what AMQP encodes (a scale of 0 to 255, 32 bits unscaled)";
		}
		if (value instanceof Map<?, ?> || value instanceof List<?> || value instanceof Object[]) {
			if (depth == InboundSafety.MAX_HEADER_DEPTH) {
				return "nests deeper than " + InboundSafety.MAX_HEADER_DEPTH + " levels";
			}
			return nestedProblem(value, depth + 1);
		}
		return (valueSize(value, depth) < 0) ? "holds a " + value.getClass().getName() + ", which AMQP cannot carry"
				: null;
	}

	private static String nestedProblem(Object value, int depth) {
		if (value instanceof Map<?, ?> table) {
			for (Map.Entry<?, ?> entry : table.entrySet()) {
				if (!(entry.getKey() instanceof String name)) {
					return "holds a table whose key is not a string";
				}
				if (!ShortStrings.fits(name)) {
					return "holds a table key of " + ShortStrings.utf8Length(name) + " bytes, more than the "
							+ ShortStrings.MAX_BYTES + " of an AMQP short string";
				}
				String problem = problem(entry.getValue(), depth);
				if (problem != null) {
					return problem;
				}
			}
			return null;
		}
		for (Object element : (value instanceof Object[] array) ? Arrays.asList(array) : (List<?>) value) {
			String problem = problem(element, depth);
			if (problem != null) {
				return problem;
			}
		}
		return null;
	}

	private static boolean encodable(BigDecimal decimal) {
		return decimal.scale() >= 0 && decimal.scale() <= 255 && decimal.unscaledValue().bitLength() <= 31;
	}

}
