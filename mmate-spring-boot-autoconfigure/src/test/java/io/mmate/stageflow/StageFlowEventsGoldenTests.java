package io.mmate.stageflow;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mmate.Event;
import io.mmate.MessageKind;
import io.mmate.PublishOptions;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.InboundEnvelope;
import io.mmate.envelope.OutboundEnvelope;
import io.mmate.envelope.TypeRegistry;
import io.mmate.testsupport.GoEnvelopes;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The StageFlow events against envelopes in {@code golden/go}, built from the Go engine's source as it publishes them:
 * each is read through the {@link EnvelopeCodec} with every field, and written back byte for byte the same, but for
 * the headers that name the writer.
 */
class StageFlowEventsGoldenTests {

	private static final String WORKFLOW = "order-fulfilment";

	private static final String NAME = "Order fulfilment";

	private static final String FAILED_INSTANCE = "c8f4d2e3-6a5b-4f9c-8d7e-2b3c4d5e6f70";

	private static final String STOCK_ERROR = "insufficient stock for SKU-1001";

	private final EnvelopeCodec codec = new EnvelopeCodec(JsonMapper.builder().build());

	private final TypeRegistry types = new TypeRegistry();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void workflowCompletedEvent() {
		assertReadAndWrittenLikeGo(StageFlowFixtures.WORKFLOW_COMPLETED, WorkflowCompletedEvent.class,
				StageFlowFixtures.workflowCompleted());
	}

	@Test
	void stageCompletedEvent() {
		String instance = StageFlowFixtures.COMPLETED_INSTANCE;
		StageCompletedEvent expected = new StageCompletedEvent(instance, 4, "stageflow", WORKFLOW, instance, "ship", 2,
				"ship", "completed", time("2025-07-08T10:30:59.2Z"),
				time("2025-07-08T10:31:00.703Z"), Duration.ofMillis(1503),
				Map.of("carrier", "DHL", "trackingNumber", "TRK-77"), null, 3, 3);
		assertReadAndWrittenLikeGo("stageflow-stage-completed.json", StageCompletedEvent.class, expected);
	}

	@Test
	void workflowFailedEvent() {
		StageResult validate = new StageResult("validate", "completed", Map.of("valid", true), null,
				time("2025-07-08T10:32:05.5Z"), time("2025-07-08T10:32:05.509876543Z"), Duration.ofNanos(9876543));
		WorkflowFailedEvent expected = new WorkflowFailedEvent(FAILED_INSTANCE, 3, "stageflow", WORKFLOW, NAME,
				FAILED_INSTANCE, "reserve-stock", 1, STOCK_ERROR, time("2025-07-08T10:32:05.49999Z"),
				time("2025-07-08T10:32:06.704488Z"), Duration.ofNanos(1204511000L), 1, 3, List.of(validate),
				failedWorkflowData(), false, null);
		assertReadAndWrittenLikeGo("stageflow-workflow-failed.json", WorkflowFailedEvent.class, expected);
	}

	@Test
	void workflowCompensatedEvent() {
		CompensationResult compensation = new CompensationResult("validate", 0, "completed",
				time("2025-07-08T10:32:07.100000001Z"), time("2025-07-08T10:32:07.131000251Z"),
				Duration.ofNanos(31000250), null, null);
		WorkflowCompensatedEvent expected = new WorkflowCompensatedEvent(FAILED_INSTANCE, 4, "stageflow", WORKFLOW,
				NAME, FAILED_INSTANCE, STOCK_ERROR, time("2025-07-08T10:32:06.704611Z"),
				time("2025-07-08T10:32:06Z"), time("2025-07-08T10:32:07.131502Z"), Duration.ofNanos(31000250), 1, 1, 0,
				0, List.of(compensation), 1, failedWorkflowData());
		assertReadAndWrittenLikeGo("stageflow-workflow-compensated.json", WorkflowCompensatedEvent.class, expected);
	}

	@Test
	void typeNamesAreThoseGoRegisters() {
		assertThat(this.types.nameOf(WorkflowCompletedEvent.class)).isEqualTo("WorkflowCompletedEvent");
		assertThat(this.types.nameOf(WorkflowFailedEvent.class)).isEqualTo("WorkflowFailedEvent");
		assertThat(this.types.nameOf(StageCompletedEvent.class)).isEqualTo("StageCompletedEvent");
		assertThat(this.types.nameOf(WorkflowCompensatedEvent.class)).isEqualTo("WorkflowCompensatedEvent");
	}

	@Test
	void durationsWrittenAsFloatingPointNumbersOrTextAndTimesWithOffsetsAreRead() {
		StageCompletedEvent event = read("{\"type\":\"StageCompletedEvent\",\"duration\":1.503e9,"
				+ "\"startTime\":\"2025-07-08T12:30:59.2+02:00\",\"endTime\":\"2025-07-08T10:31:00.703\"}");
		assertThat(event.duration()).isEqualTo(Duration.ofMillis(1503));
		assertThat(event.startTime()).isEqualTo(time("2025-07-08T10:30:59.2Z"));
		assertThat(event.endTime()).isEqualTo(time("2025-07-08T10:31:00.703Z"));
		assertThat(read("{\"type\":\"StageCompletedEvent\",\"duration\":\"250\"}").duration())
			.isEqualTo(Duration.ofNanos(250));
	}

	private StageCompletedEvent read(String flatBody) {
		InboundEnvelope envelope = this.codec.decode(GoEnvelopes.delivery(flatBody.getBytes(StandardCharsets.UTF_8)));
		return this.codec.readPayload(envelope, StageCompletedEvent.class);
	}

	private static Map<String, Object> failedWorkflowData() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("amount", new BigDecimal("149.97"));
		data.put("orderId", "ORD-20250708-0043");
		data.put("validate.valid", true);
		return data;
	}

	private <T extends Event> void assertReadAndWrittenLikeGo(String fixture, Class<T> type, T expected) {
		JsonNode go = this.json.readTree(GoEnvelopes.fixture(fixture));
		InboundEnvelope envelope = this.codec.decode(GoEnvelopes.delivery(fixture));
		assertThat(envelope.type()).isEqualTo(this.types.nameOf(type));
		assertThat(envelope.kind()).isEqualTo(MessageKind.EVENT);
		T event = this.codec.readPayload(envelope, type);
		assertThat(event).isEqualTo(expected);
		assertThat(event.aggregateId()).isEqualTo(go.get("headers").get("x-aggregate-id").stringValue());
		assertThat(event.source()).isEqualTo("stageflow");

		Message written = this.codec.encode(new OutboundEnvelope(envelope.id(), envelope.type(), MessageKind.EVENT,
				envelope.timestamp(), event, null, PublishOptions.defaults()));
		JsonNode java = this.json.readTree(written.getBody());
		assertThat(java.propertyNames()).containsExactlyElementsOf(go.propertyNames());
		assertThat(write(java.get("payload"))).isEqualTo(write(go.get("payload")));
		assertThat(write(java.get("headers"))).isEqualTo(write(GoEnvelopes.headersAsJavaWritesThem(go)));
		for (String field : List.of("id", "type", "timestamp")) {
			assertThat(java.get(field)).isEqualTo(go.get(field));
		}
	}

	private String write(JsonNode node) {
		return this.json.writeValueAsString(node);
	}

	private static Instant time(String text) {
		return Instant.parse(text);
	}

}
