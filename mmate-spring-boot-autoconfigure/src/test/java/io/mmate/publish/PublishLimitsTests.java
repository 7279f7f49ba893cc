package io.mmate.publish;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.AMQContentHeader;
import com.rabbitmq.client.impl.LongStringHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PublishLimits} and {@link FieldTables}: what the RabbitMQ client would refuse to send, found before
 * it is asked to.
 */
class PublishLimitsTests {

	private static final int FRAME_MAX = 131_072;

	@Test
	void anOrdinaryMessagePasses() {
		assertThat(PublishLimits.problem("mmate.commands", "cmd.orders.PlaceOrder", ordinary(), FRAME_MAX)).isNull();
	}

	@Test
	void namesAndPropertiesLongerThanAShortStringAreNamed() {
		assertThat(PublishLimits.problem("e".repeat(256), "k", ordinary(), FRAME_MAX))
			.isEqualTo("the exchange name is 256 bytes long (UTF-8), more than the 255 of an AMQP short string");
		assertThat(PublishLimits.problem("", "q".repeat(300), ordinary(), FRAME_MAX))
			.startsWith("the routing key is 300 bytes long");
		assertThat(PublishLimits.problem("", "q",
				new AMQP.BasicProperties.Builder().replyTo("r".repeat(300)).build(), FRAME_MAX))
			.startsWith("the reply-to property is 300 bytes long");
		assertThat(PublishLimits.problem("", "q",
				new AMQP.BasicProperties.Builder().correlationId("c".repeat(1_000_000)).build(), FRAME_MAX))
			.startsWith("the correlation-id property is 1000000 bytes long");
		assertThat(PublishLimits.problem("", "q",
				new AMQP.BasicProperties.Builder().type("ü".repeat(128)).build(), FRAME_MAX))
			.startsWith("the type property is 256 bytes long");
	}

	@Test
	void headersTheClientCannotEncodeAreNamed() {
		assertThat(problemOfHeader("x-object", new Object())).isEqualTo("header 'x-object' holds a java.lang.Object, "
				+ "which AMQP cannot carry");
		assertThat(problemOfHeader("x-list", List.of(Map.of("k", new StringBuilder()))))
			.isEqualTo("header 'x-list' holds a java.lang.StringBuilder, which AMQP cannot carry");
		assertThat(problemOfHeader("x-decimal", new BigDecimal("1e-300")))
			.startsWith("header 'x-decimal' holds a decimal outside what AMQP encodes");
		assertThat(problemOfHeader("x-table", Map.of("k".repeat(256), 1)))
			.isEqualTo("header 'x-table' holds a table key of 256 bytes, more than the 255 of an AMQP short string");
		assertThat(problemOfHeader("h".repeat(256), 1))
			.isEqualTo("header '" + "h".repeat(100) + "… (256 chars)' has a name of 256 bytes, more than the 255 of "
					+ "an AMQP short string");
	}

	@Test
	void headersNestedDeeperThanAReceiverReadsAreRefused() {
		assertThat(problemOfHeader("x-deep", nested(32))).isNull();
		assertThat(problemOfHeader("x-deep", nested(33))).isEqualTo("header 'x-deep' nests deeper than 32 levels");
	}

	@Test
	void propertiesThatDoNotFitInAFrameAreRefused() {
		Map<String, Object> headers = Map.of("x-big", "b".repeat(FRAME_MAX));
		assertThat(PublishLimits.problem("", "q", new AMQP.BasicProperties.Builder().headers(headers).build(),
				FRAME_MAX)).startsWith("its AMQP properties and headers take 131109 bytes, more than fit in one frame");
		assertThat(PublishLimits.problem("", "q", new AMQP.BasicProperties.Builder().headers(headers).build(), 0))
			.isNull();
	}

	@Test
	void sizesAreThoseTheClientEncodes() throws IOException {
		Random random = new Random(42);
		for (int i = 0; i < 500; i++) {
			AMQP.BasicProperties properties = randomProperties(random);
			long encoded = encodedSize(properties);
			String problem = PublishLimits.problem("", "q", properties, (int) encoded);
			assertThat(problem).as("properties %s", properties).isNull();
			assertThat(PublishLimits.problem("", "q", properties, (int) encoded - 1))
				.as("properties %s", properties)
				.contains("take " + encoded + " bytes");
		}
	}

	private static String problemOfHeader(String name, Object value) {
		Map<String, Object> headers = new LinkedHashMap<>();
		headers.put(name, value);
		return PublishLimits.problem("", "q", new AMQP.BasicProperties.Builder().headers(headers).build(),
				FRAME_MAX);
	}

	private static Object nested(int depth) {
		Object value = "leaf";
		for (int i = 0; i < depth; i++) {
			value = (i % 2 == 0) ? List.of(value) : Map.of("k", value);
		}
		return value;
	}

	private static AMQP.BasicProperties ordinary() {
		Map<String, Object> headers = new LinkedHashMap<>();
		headers.put("x-message-type", "PlaceOrder");
		headers.put("x-sequence", 7L);
		headers.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		return new AMQP.BasicProperties.Builder().contentType("application/json")
			.headers(headers)
			.deliveryMode(2)
			.messageId("m-1")
			.timestamp(new Date())
			.type("PlaceOrder")
			.build();
	}

	private static AMQP.BasicProperties randomProperties(Random random) {
		Map<String, Object> headers = new LinkedHashMap<>();
		int count = random.nextInt(6);
		for (int i = 0; i < count; i++) {
			headers.put(text(random, 20), value(random, 0));
		}
		AMQP.BasicProperties.Builder builder = new AMQP.BasicProperties.Builder()
			.headers(random.nextBoolean() ? headers : null);
		if (random.nextBoolean()) {
			builder.contentType(text(random, 30)).correlationId(text(random, 80)).replyTo(text(random, 80));
		}
		if (random.nextBoolean()) {
			builder.deliveryMode(2).priority(3).timestamp(new Date()).messageId(text(random, 40)).appId("a");
		}
		return builder.build();
	}

	private static Object value(Random random, int depth) {
		return switch (random.nextInt((depth < 3) ? 14 : 12)) {
			case 0 -> text(random, 300);
			case 1 -> LongStringHelper.asLongString(text(random, 2000));
			case 2 -> random.nextInt();
			case 3 -> random.nextLong();
			case 4 -> random.nextDouble();
			case 5 -> random.nextFloat();
			case 6 -> (short) random.nextInt();
			case 7 -> (byte) random.nextInt();
			case 8 -> random.nextBoolean();
			case 9 -> new byte[random.nextInt(100)];
			case 10 -> new BigDecimal(random.nextInt()).movePointLeft(random.nextInt(10));
			case 11 -> new Date(random.nextLong());
			case 12 -> {
				List<Object> list = new ArrayList<>();
				for (int i = random.nextInt(4); i > 0; i--) {
					list.add(value(random, depth + 1));
				}
				yield list;
			}
			default -> {
				Map<String, Object> table = new LinkedHashMap<>();
				for (int i = random.nextInt(4); i > 0; i--) {
					table.put(text(random, 10), value(random, depth + 1));
				}
				yield table;
			}
		};
	}

	// Text with one-, two-, three- and four-byte characters.
	private static String text(Random random, int maxChars) {
		StringBuilder text = new StringBuilder();
		for (int i = random.nextInt(maxChars + 1); i > 0; i--) {
			switch (random.nextInt(4)) {
				case 0 -> text.append((char) ('a' + random.nextInt(26)));
				case 1 -> text.append('é');
				case 2 -> text.append('€');
				default -> text.appendCodePoint(0x1F600);
			}
		}
		return text.toString();
	}

	private static long encodedSize(AMQP.BasicProperties properties) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		((AMQContentHeader) properties).toFrame(1, 0).writeTo(new DataOutputStream(out));
		return out.size();
	}

}
