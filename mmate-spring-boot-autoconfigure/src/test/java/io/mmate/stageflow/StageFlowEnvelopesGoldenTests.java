package io.mmate.stageflow;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.mmate.envelope.EncodedMessage;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.testsupport.GoEnvelopes;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Go's {@link FlowMessageEnvelope} and {@link CompensationMessageEnvelope} against envelopes in {@code golden/go},
 * built from the Go engine's source as it publishes them: read with every field, the state and stage result inside
 * read and written back as the same strings, and the message written back with the same payload (as JSON trees).
 */
class StageFlowEnvelopesGoldenTests {

	static final String FLOW = "stageflow-flow-envelope.json";

	static final String COMPENSATION = "stageflow-compensation-envelope.json";

	static final String INSTANCE = "5d1f2a3b-8c7e-4f60-9a1b-2c3d4e5f6a7b";

	private final JsonMapper json = JsonMapper.builder().build();

	private final StageFlowCodec codec = new StageFlowCodec(JsonMapper.builder().build(),
			new EnvelopeCodec(JsonMapper.builder().build()));

	@Test
	void flowMessageEnvelope() {
		StageFlowMessage<FlowMessageEnvelope> read = this.codec.decodeStage(GoEnvelopes.delivery(FLOW));
		FlowMessageEnvelope envelope = read.message();
		assertThat(read.id()).isEqualTo("0c6a9e2b-3d41-4f8a-b5c7-9e8d7f6a5b41");
		assertThat(read.timestamp()).isEqualTo(Instant.parse("2025-07-08T10:31:00Z"));
		assertThat(envelope.payloadType()).isEqualTo("json.RawMessage");
		assertThat(envelope.payload().get("orderId").stringValue()).isEqualTo("ORD-20250708-0042");
		assertThat(envelope.workflowStateType()).isEqualTo("WorkflowState");
		assertThat(envelope.checkpoint()).isEqualTo(ProcessingCheckpoint.empty());
		assertThat(envelope.currentStageIndex()).isEqualTo(1);
		assertThat(envelope.nextStageQueue()).isEqualTo("stageflow.order-fulfilment.stage2");
		assertThat(envelope.workflowId()).isEqualTo("order-fulfilment");
		assertThat(envelope.instanceId()).isEqualTo(INSTANCE);
		assertThat(envelope.stageName()).isEqualTo("charge-payment");

		WorkflowState state = this.codec.readState(envelope.serializedWorkflowState());
		assertThat(state.status()).isEqualTo("running");
		assertThat(state.currentStage()).isNull();
		assertThat(state.version()).isEqualTo(2);
		assertThat(state.stageResults()).containsExactly(reserved());
		assertThat(state.globalData()).containsEntry("amount", new BigDecimal("149.97"))
			.containsEntry("reserve-stock.reservationId", "RES-7781");
		assertThat(state.startTime()).isEqualTo(Instant.parse("2025-07-08T10:31:00.1Z"));
		assertThat(state.endTime()).isNull();
		assertThat(this.codec.writeState(state)).isEqualTo(envelope.serializedWorkflowState());

		assertWrittenLikeGo(FLOW, this.codec.encode(envelope, read.id(), read.timestamp()));
	}

	@Test
	void compensationMessageEnvelope() {
		StageFlowMessage<CompensationMessageEnvelope> read = this.codec
			.decodeCompensation(GoEnvelopes.delivery(COMPENSATION));
		CompensationMessageEnvelope envelope = read.message();
		assertThat(envelope.workflowId()).isEqualTo("order-fulfilment");
		assertThat(envelope.instanceId()).isEqualTo(INSTANCE);
		assertThat(envelope.failedStageIndex()).isEqualTo(1);
		assertThat(envelope.compensationIndex()).isZero();
		assertThat(envelope.stageToCompensate()).isEqualTo("reserve-stock");
		assertThat(envelope.totalCompensations()).isEqualTo(1);
		assertThat(envelope.workflowStateType()).isEqualTo("WorkflowState");
		assertThat(envelope.originalResultType()).isEqualTo("StageResult");
		assertThat(envelope.originalError()).isEqualTo("card declined");
		assertThat(envelope.failureTimestamp()).isEqualTo(Instant.parse("2025-07-08T10:31:00.208154Z"));
		assertThat(envelope.compensationResults()).isEmpty();
		assertThat(envelope.nextCompensationQueue()).isNull();

		StageResult original = this.codec.readResult(envelope.serializedOriginalResult());
		assertThat(original).isEqualTo(reserved());
		assertThat(this.codec.writeResult(original)).isEqualTo(envelope.serializedOriginalResult());
		WorkflowState state = this.codec.readState(envelope.serializedWorkflowState());
		assertThat(state.status()).isEqualTo("failed");
		assertThat(state.currentStage()).isEqualTo("charge-payment");
		assertThat(state.errorMessage()).isEqualTo("card declined");
		assertThat(state.version()).isEqualTo(3);
		assertThat(this.codec.writeState(state)).isEqualTo(envelope.serializedWorkflowState());

		assertWrittenLikeGo(COMPENSATION, this.codec.encode(envelope, read.id(), read.timestamp()));
	}

	@Test
	void compensationResultsAreWrittenAsGoWritesThem() {
		StageFlowMessage<CompensationMessageEnvelope> read = this.codec
			.decodeCompensation(GoEnvelopes.delivery(COMPENSATION));
		CompensationResult done = new CompensationResult("reserve-stock", 0, "completed",
				Instant.parse("2025-07-08T10:31:00.3Z"), Instant.parse("2025-07-08T10:31:00.31Z"),
				Duration.ofMillis(10), null, null);
		CompensationMessageEnvelope envelope = read.message();
		CompensationMessageEnvelope withResult = new CompensationMessageEnvelope(envelope.workflowId(),
				envelope.instanceId(), envelope.failedStageIndex(), envelope.compensationIndex(),
				envelope.stageToCompensate(), envelope.totalCompensations(), envelope.serializedWorkflowState(),
				envelope.workflowStateType(), envelope.serializedOriginalResult(), envelope.originalResultType(),
				envelope.originalError(), envelope.failureTimestamp(), List.of(done), null);
		JsonNode written = this.json.readTree(this.codec.encode(withResult, read.id(), read.timestamp()).body());
		assertThat(this.json.writeValueAsString(written.get("payload").get("compensationResults"))).isEqualTo(
				"[{\"compensationIndex\":0,\"duration\":10000000,\"endTime\":\"2025-07-08T10:31:00.31Z\","
						+ "\"stageId\":\"reserve-stock\",\"startTime\":\"2025-07-08T10:31:00.3Z\","
						+ "\"status\":\"completed\"}]");
	}

	static StageResult reserved() {
		return new StageResult("reserve-stock", "completed", Map.of("reservationId", "RES-7781"), null,
				Instant.parse("2025-07-08T10:31:00.1012Z"), Instant.parse("2025-07-08T10:31:00.1137Z"),
				Duration.ofNanos(12500000));
	}

	private void assertWrittenLikeGo(String fixture, EncodedMessage written) {
		JsonNode go = this.json.readTree(GoEnvelopes.fixture(fixture));
		JsonNode java = this.json.readTree(written.body());
		assertThat(java.propertyNames()).containsExactlyElementsOf(go.propertyNames());
		assertThat(java.get("payload")).isEqualTo(go.get("payload"));
		// Keys sorted as Go's envelope factory writes them, so the bodies compare byte for byte too.
		assertThat(this.json.writeValueAsString(java.get("payload")))
			.isEqualTo(this.json.writeValueAsString(go.get("payload")));
		for (String field : List.of("id", "type", "timestamp")) {
			assertThat(java.get(field)).isEqualTo(go.get(field));
		}
		assertThat(java.get("headers").has("x-message-kind")).isFalse();
		assertThat(written.properties().getHeaders()).containsEntry("x-message-type", go.get("type").stringValue());
	}

}
