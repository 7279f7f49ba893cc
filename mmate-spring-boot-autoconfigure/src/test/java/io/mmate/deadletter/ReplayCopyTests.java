package io.mmate.deadletter;

import java.util.LinkedHashMap;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import io.mmate.failure.DeadLetterHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReplayCopy}.
 */
class ReplayCopyTests {

	@Test
	void copyDropsTheFailureHeadersAndKeepsWhereTheMessageCameFrom() {
		Map<String, Object> headers = new LinkedHashMap<>();
		headers.put("x-message-type", "ShipParcel");
		headers.put("tenant", "north");
		headers.put(DeadLetterHeaders.REASON, "handler-failed");
		headers.put(DeadLetterHeaders.DESCRIPTION, "Handler failed");
		headers.put(DeadLetterHeaders.EXCEPTION_TYPE, "java.lang.IllegalStateException");
		headers.put(DeadLetterHeaders.EXCEPTION_MESSAGE, "down");
		headers.put(DeadLetterHeaders.STACK_TRACE, "at ...");
		headers.put(DeadLetterHeaders.ATTEMPTS, 12L);
		headers.put(DeadLetterHeaders.REDELIVERIES, 3L);
		headers.put("x-mmate-deliveries", 2L);
		headers.put(DeadLetterHeaders.FIRST_FAILURE, "2025-07-08T10:31:00Z");
		headers.put(DeadLetterHeaders.LAST_FAILURE, "2025-07-08T10:42:00Z");
		headers.put(DeadLetterHeaders.SERVICE, "parcels");
		headers.put(DeadLetterHeaders.ORIGINAL_EXCHANGE, "mmate.commands");
		headers.put(DeadLetterHeaders.ORIGINAL_ROUTING_KEY, "cmd.parcels.ShipParcel");
		headers.put(DeadLetterHeaders.ORIGINAL_QUEUE, "parcels-queue");
		headers.put("x-death", "levels");
		AMQP.BasicProperties deadLetter = new AMQP.BasicProperties.Builder().messageId("m-1")
			.type("ShipParcel")
			.correlationId("c-1")
			.contentType("application/json")
			.headers(headers)
			.build();
		AMQP.BasicProperties copy = ReplayCopy.properties(deadLetter);
		assertThat(copy.getHeaders()).containsOnlyKeys("x-message-type", "tenant",
				DeadLetterHeaders.ORIGINAL_EXCHANGE, DeadLetterHeaders.ORIGINAL_ROUTING_KEY,
				DeadLetterHeaders.ORIGINAL_QUEUE);
		assertThat(copy.getMessageId()).isEqualTo("m-1");
		assertThat(copy.getType()).isEqualTo("ShipParcel");
		assertThat(copy.getCorrelationId()).isEqualTo("c-1");
		assertThat(copy.getContentType()).isEqualTo("application/json");
		assertThat(copy.getDeliveryMode()).isEqualTo(2);
		assertThat(deadLetter.getHeaders()).containsKey(DeadLetterHeaders.ATTEMPTS);
	}

	@Test
	void copyWithoutMessageIdGetsOne() {
		AMQP.BasicProperties copy = ReplayCopy.properties(new AMQP.BasicProperties.Builder().build());
		assertThat(copy.getMessageId()).isNotBlank();
		assertThat(copy.getHeaders()).isEmpty();
	}

	@Test
	void copyGoesToTheOriginalQueueOrElseToTheServiceQueue() {
		AMQP.BasicProperties named = new AMQP.BasicProperties.Builder()
			.headers(Map.of(DeadLetterHeaders.ORIGINAL_QUEUE, "parcels-queue"))
			.build();
		assertThat(ReplayCopy.targetQueue(named, "other-queue")).isEqualTo("parcels-queue");
		assertThat(ReplayCopy.targetQueue(new AMQP.BasicProperties.Builder().build(), "other-queue"))
			.isEqualTo("other-queue");
	}

}
