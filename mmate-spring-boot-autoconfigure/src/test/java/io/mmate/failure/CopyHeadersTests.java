package io.mmate.failure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.impl.LongStringHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CopyHeaders}: what a failed message's copy keeps of its headers.
 */
class CopyHeadersTests {

	@Test
	void headersWithinTheBudgetAreKept() {
		Map<String, Object> headers = failureHeaders();
		headers.put("x-original", "value");
		Map<String, Object> before = new LinkedHashMap<>(headers);
		CopyHeaders.fit(headers, 65_536);
		assertThat(headers).isEqualTo(before);
	}

	@Test
	void largestOriginalHeadersAreDroppedUntilTheRestFitsAndNamed() {
		Map<String, Object> headers = failureHeaders();
		headers.put("x-big", LongStringHelper.asLongString("b".repeat(130_900)));
		headers.put("x-medium", "m".repeat(40_000));
		headers.put("x-small", "s".repeat(1_000));
		CopyHeaders.fit(headers, 65_536);
		assertThat(headers).containsKeys("x-medium", "x-small", DeadLetterHeaders.REASON,
				DeadLetterHeaders.STACK_TRACE)
			.doesNotContainKey("x-big")
			.containsEntry(DeadLetterHeaders.DROPPED_HEADERS, "x-big (130911 bytes)");
	}

	@Test
	void failureHeadersStayWhateverTheBudget() {
		Map<String, Object> headers = failureHeaders();
		headers.put("x-original", "value");
		CopyHeaders.fit(headers, 0);
		assertThat(headers).containsKeys(DeadLetterHeaders.REASON, DeadLetterHeaders.DESCRIPTION,
				DeadLetterHeaders.STACK_TRACE, DeadLetterHeaders.ATTEMPTS)
			.doesNotContainKey("x-original")
			.containsEntry(DeadLetterHeaders.DROPPED_HEADERS, "x-original (21 bytes)");
	}

	@Test
	void headersAmqpCannotCarryAreDroppedWithTheReason() {
		Map<String, Object> headers = failureHeaders();
		Object nested = "leaf";
		for (int i = 0; i < 40; i++) {
			nested = List.of(nested);
		}
		headers.put("x-nested", nested);
		headers.put("x-object", new Object());
		CopyHeaders.fit(headers, 65_536);
		assertThat(headers).doesNotContainKeys("x-nested", "x-object")
			.containsEntry(DeadLetterHeaders.DROPPED_HEADERS, "x-nested (nests deeper than 32 levels), "
					+ "x-object (holds a java.lang.Object, which AMQP cannot carry)");
	}

	private static Map<String, Object> failureHeaders() {
		Map<String, Object> headers = new LinkedHashMap<>();
		headers.put(DeadLetterHeaders.REASON, "handler-failed");
		headers.put(DeadLetterHeaders.DESCRIPTION, "d".repeat(1_000));
		headers.put(DeadLetterHeaders.EXCEPTION_MESSAGE, "e".repeat(1_000));
		headers.put(DeadLetterHeaders.STACK_TRACE, "s".repeat(4_000));
		headers.put(DeadLetterHeaders.ATTEMPTS, 3L);
		return headers;
	}

}
