package io.mmate.bridge;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.mmate.ErrorReplyException;
import io.mmate.MessageKind;
import io.mmate.Reply;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.InboundEnvelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link PendingRequests}: how a reply completes its request.
 */
class PendingRequestsTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final PendingRequests pending = new PendingRequests(10, new EnvelopeCodec(this.json),
			ObservationRegistry.NOOP);

	@AfterEach
	void close() {
		this.pending.close();
	}

	@Test
	void replyOfTheExpectedClassCompletesTheRequest() {
		CompletableFuture<StockReply> request = register();
		this.pending.replied(reply("StockReply", "{\"success\": true, \"available\": 3}"));
		assertThat(request).isCompletedWithValue(new StockReply(true, 3));
	}

	@Test
	void typedErrorReplyFailsTheRequestWithItsCodeAndMessage() {
		CompletableFuture<StockReply> request = register();
		this.pending.replied(reply("StockReply", "{\"error\": \"no stock\", \"errorCode\": \"OUT_OF_STOCK\", "
				+ "\"errorMessage\": \"no stock\", \"success\": false}"));
		assertThat(request).isCompletedExceptionally();
		assertThat(failure(request)).satisfies((ex) -> {
			assertThat(ex.getErrorCode()).isEqualTo("OUT_OF_STOCK");
			assertThat(ex.getErrorMessage()).isEqualTo("no stock");
		});
	}

	@Test
	void errorReplyWithItsMessageOnlyInErrorIsRead() {
		CompletableFuture<StockReply> request = register();
		this.pending.replied(reply("ErrorReply", "{\"error\": \"gone\", \"errorCode\": \"GONE\", \"success\": false}"));
		assertThat(failure(request).getErrorMessage()).isEqualTo("gone");
	}

	@Test
	void errorCodeAndMessageOfAnErrorReplyAreBounded() {
		CompletableFuture<StockReply> request = register();
		this.pending.replied(reply("ErrorReply", "{\"errorCode\": \"" + "C".repeat(1000) + "\", \"errorMessage\": \""
				+ "m".repeat(100_000) + "\", \"success\": false}"));
		ErrorReplyException ex = failure(request);
		assertThat(ex.getErrorCode()).hasSize(PendingRequests.MAX_ERROR_CODE + 3);
		assertThat(ex.getErrorMessage()).hasSize(PendingRequests.MAX_ERROR_MESSAGE + 3);
	}

	@Test
	void errorFieldsThatAreNotTextAreLeftOut() {
		CompletableFuture<StockReply> request = register();
		this.pending.replied(reply("ErrorReply", "{\"errorCode\": {\"nested\": 1}, \"errorMessage\": 7, "
				+ "\"success\": false}"));
		ErrorReplyException ex = failure(request);
		assertThat(ex.getErrorCode()).isNull();
		assertThat(ex.getErrorMessage()).isNull();
	}

	@Test
	void requestIsTimedWithTheMessagingTagsItsTypeAndOutcome() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		try (PendingRequests observed = new PendingRequests(10, new EnvelopeCodec(this.json), observations)) {
			observed.register("corr-1", "ReserveStock", "service 'stock'", StockReply.class, Duration.ofSeconds(10),
					"bridge.reply.test0001");
			observed.replied(reply("StockReply", "{\"success\": true, \"available\": 3}"));
		}
		Timer timer = meters.get("mmate.requests").timer();
		assertThat(timer.count()).isOne();
		assertThat(timer.getId().getTags()).extracting(Tag::getKey, Tag::getValue)
			.contains(tuple("messaging.system", "rabbitmq"), tuple("messaging.operation", "publish"),
					tuple("mmate.message.type", "ReserveStock"), tuple("outcome", "reply"));
	}

	@Test
	void answeredRequestsLeaveNoTimeoutBehind() {
		for (int i = 0; i < 1000; i++) {
			CompletableFuture<StockReply> request = register();
			assertThat(this.pending.scheduledTimeouts()).isOne();
			this.pending.replied(reply("StockReply", "{\"success\": true, \"available\": 3}"));
			assertThat(request).isCompleted();
		}
		assertThat(this.pending.scheduledTimeouts()).isZero();
	}

	private CompletableFuture<StockReply> register() {
		return this.pending.register("corr-1", "ReserveStock", "service 'stock'", StockReply.class,
				Duration.ofSeconds(10), "bridge.reply.test0001");
	}

	private InboundEnvelope reply(String type, String payload) {
		return new InboundEnvelope("id-1", type, MessageKind.REPLY, null, "corr-1", null, Map.of(),
				(ObjectNode) this.json.readTree(payload));
	}

	private static ErrorReplyException failure(CompletableFuture<?> request) {
		return (ErrorReplyException) request.handle((value, ex) -> ex).join();
	}

	record StockReply(boolean success, int available) implements Reply {

	}

}
