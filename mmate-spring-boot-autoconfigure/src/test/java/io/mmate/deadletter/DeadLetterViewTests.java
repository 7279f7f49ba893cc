package io.mmate.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.impl.LongStringHelper;
import io.mmate.failure.DeadLetterHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DeadLetterView}.
 */
class DeadLetterViewTests {

	@Test
	void viewShowsIdentityAndTheMmateHeadersAsText() {
		LongString trace = LongStringHelper.asLongString("java.lang.IllegalStateException: down");
		AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().messageId("m-1")
			.type("ShipParcel")
			.correlationId("c-1")
			.timestamp(Date.from(Instant.parse("2025-07-08T10:31:00Z")))
			.headers(Map.of(DeadLetterHeaders.REASON, "handler-failed", DeadLetterHeaders.ATTEMPTS, 3L,
					DeadLetterHeaders.STACK_TRACE, trace, "tenant", "north"))
			.build();
		DeadLetterView view = DeadLetterView.of(response(properties, "{\"parcelId\":\"p-1\"}", true));
		assertThat(view.messageId()).isEqualTo("m-1");
		assertThat(view.type()).isEqualTo("ShipParcel");
		assertThat(view.correlationId()).isEqualTo("c-1");
		assertThat(view.timestamp()).isEqualTo(Instant.parse("2025-07-08T10:31:00Z"));
		assertThat(view.redelivered()).isTrue();
		assertThat(view.headers()).containsExactly(Map.entry(DeadLetterHeaders.ATTEMPTS, "3"),
				Map.entry(DeadLetterHeaders.REASON, "handler-failed"),
				Map.entry(DeadLetterHeaders.STACK_TRACE, "java.lang.IllegalStateException: down"));
		assertThat(view.body()).isEqualTo("{\"parcelId\":\"p-1\"}");
		assertThat(view.bodySize()).isEqualTo(18);
		assertThat(view.bodyTruncated()).isFalse();
	}

	@Test
	void typeFallsBackToTheWireHeader() {
		AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
			.headers(Map.of("x-message-type", LongStringHelper.asLongString("ShipParcel")))
			.build();
		assertThat(DeadLetterView.of(response(properties, "", false)).type()).isEqualTo("ShipParcel");
	}

	@Test
	void longBodyIsCutWithoutSplittingACharacter() {
		// 'é' is two bytes in UTF-8, so byte 2048 is the second half of one.
		String body = "a" + "é".repeat(2000);
		DeadLetterView view = DeadLetterView.of(response(new AMQP.BasicProperties.Builder().build(), body, false));
		assertThat(view.bodySize()).isEqualTo(4001);
		assertThat(view.bodyTruncated()).isTrue();
		assertThat(view.body()).isEqualTo("a" + "é".repeat(1023));
		assertThat(view.body().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(
				DeadLetterView.MAX_BODY_PREVIEW);
	}

	private static GetResponse response(AMQP.BasicProperties properties, String body, boolean redelivered) {
		return new GetResponse(new Envelope(1, redelivered, "mmate.dlx", "dlq.parcels-queue"), properties,
				body.getBytes(StandardCharsets.UTF_8), 0);
	}

}
