package io.mmate.connection;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.AMQContentHeader;
import com.rabbitmq.client.impl.AMQImpl;
import com.rabbitmq.client.impl.Frame;

/**
 * AMQP frames as the RabbitMQ client writes and reads them, for the tests of what arrives on a connection.
 */
final class Frames {

	private Frames() {
	}

	static byte[] contentHeader(AMQP.BasicProperties properties, long bodySize) {
		// The client writes nested tables recursively: a deep one needs a deep stack.
		return onLargeStack(() -> {
			try {
				return bytes(((AMQContentHeader) properties).toFrame(1, bodySize));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	static byte[] body(byte[] fragment) {
		try {
			return bytes(Frame.fromBodyFragment(1, fragment, 0, fragment.length));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static byte[] heartbeat() {
		return bytes(new Frame(8, 0));
	}

	static byte[] method() {
		try {
			return bytes(new AMQImpl.Basic.Deliver("ctag", 7, false, "", "some-queue").toFrame(1));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A content header frame whose only property is a header table with one header, {@code x}, nested as deep as
	 * asked, written byte by byte: the client would take time in the square of the depth to write it.
	 * @param depth how many tables or arrays nest in {@code x}
	 * @param arrays arrays, else tables with one field {@code a}
	 * @return the frame
	 */
	static byte[] deepContentHeader(int depth, boolean arrays) {
		int level = arrays ? 5 : 7;
		int value = level * depth - (arrays ? 0 : 2);
		int table = 2 + value;
		int payload = 14 + 4 + table;
		ByteBuffer frame = ByteBuffer.allocate(7 + payload + 1);
		frame.put((byte) 2).putShort((short) 1).putInt(payload);
		frame.putShort((short) 60).putShort((short) 0).putLong(2).putShort((short) (1 << 13));
		frame.putInt(table).put((byte) 1).put((byte) 'x');
		for (int i = 0; i < depth; i++) {
			// What each level holds: the levels inside it, and in a table the key of the next.
			frame.put((byte) (arrays ? 'A' : 'F')).putInt((depth - i - 1) * level);
			if (!arrays && i < depth - 1) {
				frame.put((byte) 1).put((byte) 'a');
			}
		}
		frame.put((byte) 0xCE);
		return frame.array();
	}

	static AMQP.BasicProperties readContentHeader(byte[] frame) {
		try {
			Frame read = Frame.readFrom(new DataInputStream(new ByteArrayInputStream(frame)), Integer.MAX_VALUE);
			return (AMQP.BasicProperties) AMQImpl.readContentHeaderFrom(read.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static List<Frame> readFrames(DataInputStream in, int count) throws IOException {
		List<Frame> frames = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			frames.add(Frame.readFrom(in, Integer.MAX_VALUE));
		}
		return frames;
	}

	static byte[] bytes(Frame frame) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			frame.writeTo(new DataOutputStream(out));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	// A table of tables, depth tables in all.
	static Map<String, Object> nestedTables(int depth) {
		Map<String, Object> table = new HashMap<>();
		for (int i = 1; i < depth; i++) {
			Map<String, Object> outer = new HashMap<>();
			outer.put("a", table);
			table = outer;
		}
		return table;
	}

	// An array of arrays, depth arrays in all.
	static Object nestedArrays(int depth) {
		Object array = new ArrayList<>();
		for (int i = 1; i < depth; i++) {
			List<Object> outer = new ArrayList<>();
			outer.add(array);
			array = outer;
		}
		return array;
	}

	static <T> T onLargeStack(Supplier<T> work) {
		CompletableFuture<T> result = new CompletableFuture<>();
		Thread thread = new Thread(null, () -> {
			try {
				result.complete(work.get());
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		}, "large-stack", 512L * 1024 * 1024);
		thread.start();
		try {
			return result.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

}
