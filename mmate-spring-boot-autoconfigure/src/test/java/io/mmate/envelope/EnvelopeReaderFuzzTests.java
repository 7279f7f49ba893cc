package io.mmate.envelope;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.rabbitmq.client.impl.LongStringHelper;
import io.mmate.connection.InboundSafety;
import io.mmate.envelope.golden.GetOrderQuery;
import io.mmate.envelope.golden.OrderPlacedEvent;
import io.mmate.envelope.golden.OrderReply;
import io.mmate.envelope.golden.PlaceOrderCommand;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decodes thousands of deliveries made from the golden envelopes by seeded random mutation (truncation, bytes
 * flipped, inserted and deleted, values replaced by huge numbers, deep nesting, invalid UTF-8, long strings and
 * values of the wrong type, and hostile AMQP properties and headers): decoding and binding either succeed or throw
 * {@link UndecodableMessageException}, never anything else, each in bounded time.
 */
class EnvelopeReaderFuzzTests {

	private static final long SEED = 20250708L;

	private static final int CASES = 20_000;

	private static final String[] GOLDEN = { "command.json", "event.json", "query.json", "reply.json",
			"error-reply.json" };

	private static final Class<?>[] TARGETS = { PlaceOrderCommand.class, OrderPlacedEvent.class, GetOrderQuery.class,
			OrderReply.class, JsonNode.class, Map.class };

	private static final String[] REPLACEMENTS = { "null", "true", "{}", "[]", "\"\"", "-0", "1e999999",
			"9".repeat(5_000), "-" + "9".repeat(400) + "." + "1".repeat(400), "0.".concat("0".repeat(2_000)) + "1",
			"[".repeat(2_000) + "]".repeat(2_000), "{\"a\":".repeat(1_500) + "1" + "}".repeat(1_500),
			"\"" + "x".repeat(100_000) + "\"", "\"\\ud800\"", "\"\\u0000\"", "{\"type\":{\"type\":[]}}",
			"\"2025-13-45T99:99:99Z\"", "\"2025-02-30T10:31:00.1234567890Z\"", "\"9999999999-01-01T00:00:00Z\"" };

	private static final byte[][] BYTES = { { (byte) 0xC0 }, { (byte) 0xFF }, { (byte) 0x80 },
			{ (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, { (byte) 0xF4, (byte) 0x90 }, { 0 }, { '"' }, { '\\' }, { '{' },
			{ '}' }, { ',' }, { ':' } };

	private final EnvelopeCodec codec = new EnvelopeCodec(JsonMapper.builder().build());

	@Test
	void decodingThrowsNothingButUndecodableMessageException() throws IOException {
		List<byte[]> golden = golden();
		Random random = new Random(SEED);
		int decoded = 0;
		long slowestNanos = 0;
		long start = System.nanoTime();
		for (int i = 0; i < CASES; i++) {
			byte[] body = mutate(golden.get(random.nextInt(golden.size())), random);
			MessageProperties properties = properties(random);
			Class<?> target = TARGETS[random.nextInt(TARGETS.length)];
			long caseStart = System.nanoTime();
			try {
				InboundEnvelope envelope = this.codec.decode(new Message(body, properties));
				this.codec.readPayload(envelope, target);
				decoded++;
			}
			catch (UndecodableMessageException ex) {
				assertThat(ex.getMessage()).as("case %d", i).isNotNull();
			}
			catch (Throwable ex) {
				throw new AssertionError("Case " + i + " (seed " + SEED + ") threw " + ex + " for body "
						+ BoundedText.of(new String(body, StandardCharsets.UTF_8), 300), ex);
			}
			slowestNanos = Math.max(slowestNanos, System.nanoTime() - caseStart);
		}
		long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
		System.out.printf("envelope fuzz: %d cases, %d decoded, slowest %d ms, %d ms in all%n", CASES, decoded,
				slowestNanos / 1_000_000, elapsedMillis);
		assertThat(decoded).as("cases that decode despite their mutation").isGreaterThan(CASES / 20);
		assertThat(slowestNanos).as("the slowest case").isLessThan(2_000_000_000L);
	}

	private static byte[] mutate(byte[] body, Random random) {
		byte[] mutated = body;
		int mutations = 1 + random.nextInt(3);
		for (int i = 0; i < mutations; i++) {
			mutated = switch (random.nextInt(8)) {
				case 0 -> truncate(mutated, random);
				case 1 -> flip(mutated, random);
				case 2 -> insert(mutated, random.nextInt(mutated.length + 1), BYTES[random.nextInt(BYTES.length)]);
				case 3 -> delete(mutated, random);
				case 4, 5 -> replaceValue(mutated, random);
				case 6 -> utf16(mutated, random);
				default -> mutated;
			};
		}
		return mutated;
	}

	private static byte[] truncate(byte[] body, Random random) {
		return java.util.Arrays.copyOf(body, random.nextInt(body.length + 1));
	}

	private static byte[] flip(byte[] body, Random random) {
		if (body.length == 0) {
			return body;
		}
		byte[] flipped = body.clone();
		flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
		return flipped;
	}

	private static byte[] delete(byte[] body, Random random) {
		if (body.length == 0) {
			return body;
		}
		int from = random.nextInt(body.length);
		int to = Math.min(body.length, from + 1 + random.nextInt(20));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(body, 0, from);
		out.write(body, to, body.length - to);
		return out.toByteArray();
	}

	private static byte[] insert(byte[] body, int at, byte[] inserted) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(body, 0, at);
		out.writeBytes(inserted);
		out.write(body, at, body.length - at);
		return out.toByteArray();
	}

	// Replaces the value after a random colon, up to the next comma or closing brace, with something hostile.
	private static byte[] replaceValue(byte[] body, Random random) {
		List<Integer> colons = new ArrayList<>();
		for (int i = 0; i < body.length; i++) {
			if (body[i] == ':') {
				colons.add(i);
			}
		}
		if (colons.isEmpty()) {
			return body;
		}
		int start = colons.get(random.nextInt(colons.size())) + 1;
		int end = start;
		while (end < body.length && body[end] != ',' && body[end] != '}') {
			end++;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(body, 0, start);
		out.writeBytes(REPLACEMENTS[random.nextInt(REPLACEMENTS.length)].getBytes(StandardCharsets.UTF_8));
		out.write(body, end, body.length - end);
		return out.toByteArray();
	}

	// The same JSON in another encoding Jackson detects, which the reader takes through another path.
	private static byte[] utf16(byte[] body, Random random) {
		String text = new String(body, StandardCharsets.UTF_8);
		return text.getBytes(random.nextBoolean() ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE);
	}

	private static MessageProperties properties(Random random) {
		MessageProperties properties = new MessageProperties();
		if (random.nextInt(4) != 0) {
			return properties;
		}
		switch (random.nextInt(10)) {
			case 0 -> properties.setType("T".repeat(random.nextBoolean() ? 10 : 300));
			case 1 -> properties.setReplyTo("r".repeat(random.nextBoolean() ? 10 : 300));
			case 2 -> properties.setHeader("x-message-type", LongStringHelper.asLongString("LongStringType"));
			case 3 -> properties.setHeader("x-message-kind", new byte[] { (byte) 0xFF, (byte) 0xFE });
			case 4 -> properties.setHeader("x-message-id", Map.of("nested", List.of(1, 2)));
			case 5 -> properties.setHeader("x-correlation-id", 42L);
			case 6 -> properties.setHeader(InboundSafety.INVALID_HEADERS, "removed on arrival");
			case 7 -> properties.setTimestamp(new Date(Long.MAX_VALUE));
			case 8 -> properties.setHeader("x-reply-to", "q".repeat(random.nextInt(600)));
			default -> properties.setMessageId("m".repeat(random.nextInt(600)));
		}
		return properties;
	}

	private static List<byte[]> golden() throws IOException {
		List<byte[]> bodies = new ArrayList<>();
		for (String name : GOLDEN) {
			bodies.add(new ClassPathResource("golden/go/" + name).getContentAsByteArray());
		}
		bodies.add("""
				{"Id": "m-1", "Type": "PlaceOrderCommand", "Timestamp": "2025-07-08T10:31:00.5+02:00",
				 "Payload": {"OrderId": "o-1", "Amount": 12.5, "Items": [], "ReplyTo": "bridge.reply.a1b2c3d4"}}
				""".getBytes(StandardCharsets.UTF_8));
		bodies.add("{\"type\":\"GetOrderQuery\",\"orderId\":\"o-1\",\"replyTo\":\"r\"}".getBytes(StandardCharsets.UTF_8));
		return bodies;
	}

}
