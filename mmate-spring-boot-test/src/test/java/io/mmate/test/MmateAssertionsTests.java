package io.mmate.test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import io.mmate.DeadLetterReason;
import io.mmate.MessageKind;
import io.mmate.PublishOptions;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.OutboundEnvelope;
import io.mmate.failure.Failure;
import io.mmate.failure.FailureHistory;
import io.mmate.failure.Settlement;
import io.mmate.test.WorkMessages.PriceReply;
import io.mmate.test.WorkMessages.WorkDone;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static io.mmate.test.MmateAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests of {@link MmateAssertions}: what passes, and what a failure says.
 */
class MmateAssertionsTests {

	private final EnvelopeCodec codec = new EnvelopeCodec(JsonMapper.builder().build());

	private final RecordedMessage event = record("mmate.events", "evt.w-1.WorkDone", new WorkDone("w-1"),
			MessageKind.EVENT, PublishOptions.defaults().withHeader("tenant", "t-1"));

	private final RecordedMessage price = record("", "bridge.reply.x",
			new PriceReply("SKU-1", new BigDecimal("20.00")), MessageKind.REPLY,
			PublishOptions.defaults().withCorrelationId("c-1"));

	@Test
	void aMatchingMessagePasses() {
		assertThat(this.event).hasType("WorkDone")
			.hasType(WorkDone.class)
			.hasExchange("mmate.events")
			.hasRoutingKey("evt.w-1.WorkDone")
			.hasHeader("tenant")
			.hasHeader("tenant", "t-1")
			.hasPayloadField("name", "w-1")
			.hasPayload(new WorkDone("w-1"));
		assertThat(this.price).hasCorrelationId("c-1")
			.hasPayloadField("price", 20)
			.hasPayloadField("price", new BigDecimal("20.0"))
			.hasPayloadField("sku", "SKU-1");
	}

	@Test
	void aMismatchSaysWhatWasExpectedAndWhatWasFound() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.event).hasType("Other"))
			.withMessageContaining("Expected message type <Other> but was <WorkDone>");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.event).hasExchange("mmate.commands"))
			.withMessageContaining("Expected exchange <mmate.commands> but was <mmate.events>");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.event).hasRoutingKey("evt.w-2.WorkDone"))
			.withMessageContaining("but was <evt.w-1.WorkDone>");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.event).hasHeader("tenant", "t-2"))
			.withMessageContaining("Expected header <tenant> to be <t-2> but was <t-1>");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.event).hasHeader("missing"))
			.withMessageContaining("Expected header <missing>");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.event).hasPayloadField("name", "w-2"))
			.withMessageContaining("Expected payload field <name> to be <w-2> but was <\"w-1\">");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.event).hasPayloadField("nothing", "x"))
			.withMessageContaining("Expected payload field <nothing>");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.price).hasPayloadField("price", 21))
			.withMessageContaining("Expected payload field <price> to be <21>");
	}

	@Test
	void handlingResultsAreAssertedBySettlement() {
		Failure failure = new Failure(DeadLetterReason.HANDLER_FAILED, "it failed", null, 3, true);
		HandlingResult handled = result(Settlement.ACKNOWLEDGE);
		HandlingResult later = result(new Settlement.RedeliverLater(Duration.ofSeconds(10), failure));
		HandlingResult dead = result(new Settlement.DeadLetter(failure));
		HandlingResult rejected = result(new Settlement.Reject(failure));
		assertThat(handled).wasHandled().hasNoReply();
		assertThat(later).wasRedeliveredAfter(Duration.ofSeconds(10)).hasAttempts(3);
		assertThat(dead).wasDeadLettered().wasDeadLetteredWith(DeadLetterReason.HANDLER_FAILED);
		assertThat(rejected).wasRejectedWith(DeadLetterReason.HANDLER_FAILED);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(dead).wasHandled())
			.withMessageContaining("Expected the message to be handled but it was settled with DeadLetter "
					+ "(HANDLER_FAILED: it failed)");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(dead).wasDeadLetteredWith(DeadLetterReason.VALIDATION_FAILED))
			.withMessageContaining("with <VALIDATION_FAILED> but it was with <HANDLER_FAILED>");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(later).wasRedeliveredAfter(Duration.ofMinutes(1)))
			.withMessageContaining("but it is after PT10S");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(handled).hasReply())
			.withMessageContaining("Expected a reply but none was sent");
	}

	private HandlingResult result(Settlement settlement) {
		return new HandlingResult("m-1", "Work", settlement, FailureHistory.NONE, null, null, null);
	}

	private RecordedMessage record(String exchange, String routingKey, io.mmate.Message message, MessageKind kind,
			PublishOptions options) {
		return new RecordedMessage(exchange, routingKey,
				this.codec.encode(new OutboundEnvelope("m-1", message.getClass().getSimpleName(), kind, Instant.now(),
						message, null, options)),
				null, this.codec);
	}

}
