package io.mmate.connection;

import java.nio.charset.StandardCharsets;

/**
 * Checks the header table of one AMQP content header frame, as it came off the wire, without reading it
 * recursively: a table whose tables and arrays nest deeper than {@link InboundSafety#MAX_HEADER_DEPTH}, or that is
 * malformed, is replaced by a table of one header, {@link InboundSafety#INVALID_HEADERS}, that says why. Everything
 * else in the frame stays as it is.
 */
final class HeaderTableCheck {

	static final int FRAME_PREFIX = 7;

	private static final int BASIC_CLASS = 60;

	// Class id, weight, body size and the first word of property flags.
	private static final int FIXED_PROPERTIES = 14;

	private static final int CONTENT_TYPE_FLAG = 1 << 15;

	private static final int CONTENT_ENCODING_FLAG = 1 << 14;

	private static final int HEADERS_FLAG = 1 << 13;

	// The flags of the properties after the header table.
	private static final int FLAGS_AFTER_HEADERS = HEADERS_FLAG - 1;

	private static final int FRAME_END = 0xCE;

	private static final long UNKNOWN = Long.MIN_VALUE;

	private HeaderTableCheck() {
	}

	/**
	 * Check the header table of a content header frame.
	 * @param frame holds the frame
	 * @param offset where the frame starts: its type octet
	 * @param length the frame's length, its end octet included
	 * @return {@code null} when the frame may be read as it is, else the frame with its header table replaced
	 */
	static byte[] check(byte[] frame, int offset, int length) {
		int end = offset + length - 1;
		int position = offset + FRAME_PREFIX;
		if (position + FIXED_PROPERTIES > end || u16(frame, position) != BASIC_CLASS) {
			return null;
		}
		int flags = u16(frame, position + FIXED_PROPERTIES - 2);
		position += FIXED_PROPERTIES;
		for (int more = flags; (more & 1) != 0; position += 2) {
			if (position + 2 > end) {
				return null;
			}
			more = u16(frame, position);
		}
		if ((flags & HEADERS_FLAG) == 0) {
			return null;
		}
		position = skipShortString(frame, position, end, flags & CONTENT_TYPE_FLAG);
		position = skipShortString(frame, position, end, flags & CONTENT_ENCODING_FLAG);
		if (position < 0 || position + 4 > end) {
			// The properties before the table are cut short: nothing a broker sends, and nothing to check.
			return null;
		}
		long tableEnd = position + 4 + u32(frame, position);
		if (tableEnd > end) {
			// Where the properties after the table start is unknown: they go too.
			byte[] replaced = replaceTable(frame, offset, end, position, end, "malformed: it runs past the frame");
			int flagsAt = FRAME_PREFIX + FIXED_PROPERTIES - 2;
			putShort(replaced, flagsAt, u16(replaced, flagsAt) & ~FLAGS_AFTER_HEADERS);
			return replaced;
		}
		String problem = problem(frame, position + 4, (int) tableEnd);
		return (problem != null) ? replaceTable(frame, offset, end, position, (int) tableEnd, problem) : null;
	}

	private static int skipShortString(byte[] frame, int position, int end, int present) {
		if (present == 0 || position < 0) {
			return position;
		}
		return (position < end) ? position + 1 + (frame[position] & 0xFF) : -1;
	}

	/**
	 * What is wrong with the fields of a table, walked iteratively.
	 * @param bytes the bytes
	 * @param start the table's first field
	 * @param end the table's end
	 * @return {@code null} when nothing is
	 */
	static String problem(byte[] bytes, int start, int end) {
		int[] ends = new int[InboundSafety.MAX_HEADER_DEPTH + 1];
		boolean[] arrays = new boolean[ends.length];
		int depth = 0;
		ends[0] = end;
		long position = start;
		while (true) {
			if (position == ends[depth]) {
				if (depth == 0) {
					return null;
				}
				depth--;
				continue;
			}
			if (!arrays[depth]) {
				position += 1 + (bytes[(int) position] & 0xFF);
				if (position >= ends[depth]) {
					return malformed(position - start);
				}
			}
			int type = bytes[(int) position++] & 0xFF;
			long size = fixedSize(type);
			if (size == UNKNOWN) {
				return "malformed: unknown field type " + type + " at byte " + (position - 1 - start);
			}
			if (size < 0) {
				if (position + 4 > ends[depth]) {
					return malformed(position - start);
				}
				long nested = u32(bytes, (int) position);
				position += 4;
				if (type == 'F' || type == 'A') {
					if (position + nested > ends[depth]) {
						return malformed(position - start);
					}
					if (depth == InboundSafety.MAX_HEADER_DEPTH) {
						return "nested deeper than " + InboundSafety.MAX_HEADER_DEPTH + " levels";
					}
					depth++;
					ends[depth] = (int) (position + nested);
					arrays[depth] = type == 'A';
					continue;
				}
				size = nested;
			}
			position += size;
			if (position > ends[depth]) {
				return malformed(position - start);
			}
		}
	}

	// The size of a value of a field type after its type octet; -1 for types whose size follows as 32 bits.
	private static long fixedSize(int type) {
		return switch (type) {
			case 'S', 'x', 'F', 'A' -> -1;
			case 'I', 'i', 'f' -> 4;
			case 'D' -> 5;
			case 'T', 'd', 'l' -> 8;
			case 'b', 'B', 't' -> 1;
			case 's', 'u' -> 2;
			case 'V' -> 0;
			default -> UNKNOWN;
		};
	}

	private static String malformed(long at) {
		return "malformed: a field runs past its table at byte " + at;
	}

	private static byte[] replaceTable(byte[] frame, int offset, int end, int tableStart, int tableEnd,
			String problem) {
		byte[] reason = ("AMQP header table of " + (tableEnd - tableStart - 4) + " bytes " + problem
				+ "; removed on arrival").getBytes(StandardCharsets.UTF_8);
		byte[] name = InboundSafety.INVALID_HEADERS.getBytes(StandardCharsets.US_ASCII);
		int table = 1 + name.length + 1 + 4 + reason.length;
		int before = tableStart - offset;
		int after = end - tableEnd;
		byte[] replaced = new byte[before + 4 + table + after + 1];
		System.arraycopy(frame, offset, replaced, 0, before);
		int position = putInt(replaced, before, table);
		replaced[position++] = (byte) name.length;
		System.arraycopy(name, 0, replaced, position, name.length);
		position += name.length;
		replaced[position++] = 'S';
		position = putInt(replaced, position, reason.length);
		System.arraycopy(reason, 0, replaced, position, reason.length);
		position += reason.length;
		System.arraycopy(frame, tableEnd, replaced, position, after);
		replaced[replaced.length - 1] = (byte) FRAME_END;
		putInt(replaced, 3, replaced.length - FRAME_PREFIX - 1);
		return replaced;
	}

	private static int u16(byte[] bytes, int position) {
		return ((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF);
	}

	static long u32(byte[] bytes, int position) {
		return ((long) (bytes[position] & 0xFF) << 24) | ((bytes[position + 1] & 0xFF) << 16)
				| ((bytes[position + 2] & 0xFF) << 8) | (bytes[position + 3] & 0xFF);
	}

	private static void putShort(byte[] bytes, int position, int value) {
		bytes[position] = (byte) (value >>> 8);
		bytes[position + 1] = (byte) value;
	}

	private static int putInt(byte[] bytes, int position, int value) {
		bytes[position] = (byte) (value >>> 24);
		bytes[position + 1] = (byte) (value >>> 16);
		bytes[position + 2] = (byte) (value >>> 8);
		bytes[position + 3] = (byte) value;
		return position + 4;
	}

}
