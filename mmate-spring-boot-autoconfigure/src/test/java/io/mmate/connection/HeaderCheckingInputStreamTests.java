package io.mmate.connection;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.Frame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HeaderCheckingInputStream}.
 */
class HeaderCheckingInputStreamTests {

	private static final AMQP.BasicProperties ORDINARY = new AMQP.BasicProperties.Builder()
		.contentType("application/json")
		.headers(Map.of("x-message-type", "PlaceOrderCommand", "x-death", List.of(Map.of("count", 1L))))
		.messageId("m-1")
		.build();

	@Test
	void framesPassUnchangedHoweverTheyArriveAndAreRead() throws IOException {
		for (long seed = 0; seed < 200; seed++) {
			Random random = new Random(seed);
			byte[] sent = concat(randomFrames(random, 1 + random.nextInt(20)));
			byte[] received = readAll(new HeaderCheckingInputStream(new Trickle(sent, random, false)), random);
			assertThat(received).as("seed %d", seed).isEqualTo(sent);
		}
	}

	@Test
	void socketTimeoutsLeaveTheStreamWhereItWas() throws IOException {
		for (long seed = 0; seed < 100; seed++) {
			Random random = new Random(seed);
			List<byte[]> frames = randomFrames(random, 10);
			frames.add(3, Frames.deepContentHeader(100, false));
			byte[] sent = concat(frames);
			frames.set(3, HeaderTableCheck.check(frames.get(3), 0, frames.get(3).length));
			byte[] received = readAll(new HeaderCheckingInputStream(new Trickle(sent, random, true)), random);
			assertThat(received).as("seed %d", seed).isEqualTo(concat(frames));
		}
	}

	@Test
	void deeplyNestedHeadersReachTheClientReplaced() throws IOException {
		byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
		byte[] sent = concat(List.of(Frames.method(), Frames.deepContentHeader(10_000, false), Frames.body(body),
				Frames.heartbeat(), Frames.method(), Frames.contentHeader(ORDINARY, 2), Frames.body(body)));
		DataInputStream client = new DataInputStream(
				new BufferedInputStream(new HeaderCheckingInputStream(new Trickle(sent, new Random(1), false))));
		List<Frame> frames = Frames.readFrames(client, 7);
		assertThat(Frames.readContentHeader(Frames.bytes(frames.get(1))).getHeaders())
			.containsOnlyKeys(InboundSafety.INVALID_HEADERS);
		assertThat(Frames.bytes(frames.get(5))).isEqualTo(Frames.contentHeader(ORDINARY, 2));
		assertThat(frames.get(6).getPayload()).isEqualTo(body);
		assertThat(client.read()).isEqualTo(-1);
	}

	@Test
	void largeBodiesPassWhole() throws IOException {
		byte[] body = new byte[1_000_000];
		new Random(7).nextBytes(body);
		byte[] sent = concat(List.of(Frames.method(), Frames.contentHeader(ORDINARY, body.length), Frames.body(body)));
		DataInputStream client = new DataInputStream(new BufferedInputStream(new HeaderCheckingInputStream(
				new Trickle(sent, new Random(2), false))));
		assertThat(Frames.readFrames(client, 3).get(2).getPayload()).isEqualTo(body);
	}

	@Test
	void whatIsNotFramesPassesUnchecked() throws IOException {
		byte[] protocolHeader = { 'A', 'M', 'Q', 'P', 0, 0, 9, 1 };
		byte[] sent = concat(List.of(protocolHeader, Frames.deepContentHeader(100, true)));
		assertThat(readAll(new HeaderCheckingInputStream(new Trickle(sent, new Random(3), false)), new Random(4)))
			.isEqualTo(sent);
	}

	@Test
	void aStreamCutShortPassesWhatItHas() throws IOException {
		byte[] header = Frames.contentHeader(ORDINARY, 2);
		byte[] sent = concat(List.of(Frames.method(), Arrays.copyOf(header, header.length - 5)));
		assertThat(readAll(new HeaderCheckingInputStream(new Trickle(sent, new Random(5), false)), new Random(6)))
			.isEqualTo(sent);
	}

	private static List<byte[]> randomFrames(Random random, int count) {
		List<byte[]> frames = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			switch (random.nextInt(5)) {
				case 0 -> frames.add(Frames.method());
				case 1 -> frames.add(Frames.contentHeader(ORDINARY, random.nextInt(100)));
				case 2 -> frames.add(Frames.heartbeat());
				case 3 -> frames.add(Frames.contentHeader(new AMQP.BasicProperties.Builder().type("T").build(), 1));
				default -> {
					byte[] body = new byte[random.nextInt(100_000)];
					random.nextBytes(body);
					frames.add(Frames.body(body));
				}
			}
		}
		return frames;
	}

	// Reads in pieces of random size, as a buffered reader would, reading again after a socket timeout.
	private static byte[] readAll(InputStream in, Random random) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[200_000];
		while (true) {
			int length = 1 + random.nextInt(random.nextBoolean() ? 16 : buffer.length);
			int read;
			try {
				read = in.read(buffer, 0, length);
			}
			catch (SocketTimeoutException ex) {
				continue;
			}
			if (read < 0) {
				return out.toByteArray();
			}
			out.write(buffer, 0, read);
		}
	}

	private static byte[] concat(List<byte[]> parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		parts.forEach(out::writeBytes);
		return out.toByteArray();
	}

	/**
	 * Gives out its bytes a few at a time, as a socket does, and times out now and then when asked to.
	 */
	private static final class Trickle extends InputStream {

		private final byte[] bytes;

		private final Random random;

		private final boolean timeouts;

		private int position;

		Trickle(byte[] bytes, Random random, boolean timeouts) {
			this.bytes = bytes;
			this.random = random;
			this.timeouts = timeouts;
		}

		@Override
		public int read() {
			return (this.position < this.bytes.length) ? this.bytes[this.position++] & 0xFF : -1;
		}

		@Override
		public int read(byte[] target, int offset, int length) throws IOException {
			if (this.timeouts && this.random.nextInt(4) == 0) {
				throw new SocketTimeoutException("Read timed out");
			}
			if (this.position == this.bytes.length) {
				return -1;
			}
			int count = Math.min(Math.min(length, this.bytes.length - this.position), 1 + this.random.nextInt(3000));
			System.arraycopy(this.bytes, this.position, target, offset, count);
			this.position += count;
			return count;
		}

	}

}
