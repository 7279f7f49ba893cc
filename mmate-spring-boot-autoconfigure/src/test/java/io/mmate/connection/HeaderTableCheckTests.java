package io.mmate.connection;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HeaderTableCheck}.
 */
class HeaderTableCheckTests {

	@Test
	void ordinaryHeadersPassUnchanged() {
		Map<String, Object> headers = new LinkedHashMap<>();
		headers.put("x-message-type", "PlaceOrderCommand");
		headers.put("x-sequence", 42L);
		headers.put("x-death", List.of(Map.of("queue", "q", "count", 3L, "routing-keys", List.of("a", "b"),
				"time", new Date())));
		headers.put("numbers", List.of(1, 2.5d, 3.5f, (short) 4, (byte) 5, true, new byte[] { 1, 2 }));
		assertThat(check(properties(headers))).isNull();
		assertThat(check(properties(Map.of()))).isNull();
		assertThat(check(new AMQP.BasicProperties.Builder().messageId("m-1").build())).isNull();
	}

	@Test
	void deepHeaderFramesAreWhatTheClientWrites() {
		assertThat(Frames.deepContentHeader(40, false)).isEqualTo(Frames.contentHeader(
				new AMQP.BasicProperties.Builder().headers(Map.of("x", Frames.nestedTables(40))).build(), 2));
		assertThat(Frames.deepContentHeader(40, true)).isEqualTo(Frames.contentHeader(
				new AMQP.BasicProperties.Builder().headers(Map.of("x", Frames.nestedArrays(40))).build(), 2));
	}

	@Test
	void headersNestedToTheLimitPass() {
		assertThat(check(properties(Map.of("deep", Frames.nestedTables(InboundSafety.MAX_HEADER_DEPTH))))).isNull();
		assertThat(check(properties(Map.of("deep", Frames.nestedArrays(InboundSafety.MAX_HEADER_DEPTH))))).isNull();
	}

	@Test
	void headersNestedDeeperAreReplacedAndTheOtherPropertiesKept() {
		AMQP.BasicProperties deep = new AMQP.BasicProperties.Builder().contentType("application/json")
			.contentEncoding("UTF-8")
			.headers(Map.of("deep", Frames.nestedTables(InboundSafety.MAX_HEADER_DEPTH + 1)))
			.deliveryMode(2)
			.priority(3)
			.correlationId("c-1")
			.replyTo("replies")
			.expiration("60000")
			.messageId("m-1")
			.timestamp(new Date(1_750_000_000_000L))
			.type("PlaceOrderCommand")
			.appId("app")
			.build();
		byte[] frame = Frames.contentHeader(deep, 1234);
		byte[] checked = HeaderTableCheck.check(frame, 0, frame.length);
		assertThat(checked).isNotNull();
		AMQP.BasicProperties read = Frames.readContentHeader(checked);
		assertThat(read.getHeaders()).containsOnlyKeys(InboundSafety.INVALID_HEADERS);
		assertThat(read.getHeaders().get(InboundSafety.INVALID_HEADERS).toString())
			.matches("AMQP header table of \\d+ bytes nested deeper than 32 levels; removed on arrival");
		assertThat(read.getBodySize()).isEqualTo(1234);
		assertThat(read).usingRecursiveComparison().ignoringFields("headers", "bodySize").isEqualTo(deep);
	}

	@Test
	void tenThousandNestedTablesAreReplacedQuickly() {
		byte[] frame = Frames.deepContentHeader(10_000, false);
		assertThat(frame.length).isGreaterThan(70_000);
		long start = System.nanoTime();
		byte[] checked = HeaderTableCheck.check(frame, 0, frame.length);
		assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
		assertThat(Frames.readContentHeader(checked).getHeaders()).containsOnlyKeys(InboundSafety.INVALID_HEADERS);
	}

	@Test
	void theDeepestArraysAFrameHoldsAreReplaced() {
		// Five bytes a level: about as deep as anything in a 128 KiB frame can nest.
		byte[] frame = Frames.deepContentHeader(26_000, true);
		assertThat(frame.length).isLessThan(131_072);
		assertThat(Frames.readContentHeader(HeaderTableCheck.check(frame, 0, frame.length)).getHeaders())
			.containsOnlyKeys(InboundSafety.INVALID_HEADERS);
	}

	@Test
	void unknownFieldTypeIsReplaced() {
		byte[] frame = Frames.contentHeader(properties(Map.of("k", "v")), 2);
		// The table is the last property: its one value's type octet is the 7th byte before the value and frame end.
		int type = frame.length - 1 - 1 - 4 - 1;
		assertThat(frame[type]).isEqualTo((byte) 'S');
		frame[type] = 'Z';
		byte[] checked = HeaderTableCheck.check(frame, 0, frame.length);
		assertThat(Frames.readContentHeader(checked).getHeaders().get(InboundSafety.INVALID_HEADERS).toString())
			.contains("unknown field type 90");
	}

	@Test
	void tableRunningPastTheFrameIsReplacedWithThePropertiesAfterIt() {
		AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
			.headers(Map.of("k", "v"))
			.messageId("m-1")
			.build();
		byte[] frame = Frames.contentHeader(properties, 2);
		int table = 7 + 14 + 1 + "application/json".length();
		frame[table] = 0x7F;
		AMQP.BasicProperties read = Frames.readContentHeader(HeaderTableCheck.check(frame, 0, frame.length));
		assertThat(read.getHeaders().get(InboundSafety.INVALID_HEADERS).toString()).contains("runs past the frame");
		assertThat(read.getContentType()).isEqualTo("application/json");
		assertThat(read.getMessageId()).isNull();
	}

	private static byte[] check(AMQP.BasicProperties properties) {
		byte[] frame = Frames.contentHeader(properties, 10);
		return HeaderTableCheck.check(frame, 0, frame.length);
	}

	private static AMQP.BasicProperties properties(Map<String, Object> headers) {
		return new AMQP.BasicProperties.Builder().contentType("application/json").headers(headers).build();
	}

}
