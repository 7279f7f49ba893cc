package io.mmate.stageflow;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.rabbitmq.client.AMQP;
import io.mmate.Command;
import io.mmate.Event;
import io.mmate.MessagePublisher;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import io.mmate.Query;
import io.mmate.Reply;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.publish.PublishSink;
import io.mmate.retry.RetryPolicySettings;
import io.mmate.testsupport.GoEnvelopes;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Java stage given the stage message a Go stage sends ({@code golden/go/stageflow-flow-envelope.json}: Go ran
 * {@code reserve-stock}, stage 0) runs {@code charge-payment} and sends the message of stage 2 as Go's engine would:
 * the same payload, Go's state with one more stage result, and the next stage's routing.
 */
class StageFlowGoStageTests {

	private static final Instant NOW = Instant.parse("2025-07-08T10:31:01.5Z");

	private final JsonMapper json = JsonMapper.builder().build();

	private final StageFlowCodec codec = new StageFlowCodec(JsonMapper.builder().build(),
			new EnvelopeCodec(JsonMapper.builder().build()));

	private final List<Sent> sent = new ArrayList<>();

	private final List<Event> events = new ArrayList<>();

	@Test
	void javaStageAfterAGoStageSendsTheNextMessageAsGoWould() throws Exception {
		List<Order> charged = new ArrayList<>();
		Workflow<Order> workflow = Workflow.define("order-fulfilment", Order.class)
			.stage("reserve-stock", (order, context) -> order)
			.stage("charge-payment", (order, context) -> {
				charged.add(order);
				context.put("paymentId", "PAY-1");
				return order;
			})
			.stage("ship", (order, context) -> order)
			.build();
		StageProcessor processor = new StageProcessor(this.codec, new Attempts(new RetryPolicySettings(1,
				Duration.ZERO, 1, Duration.ZERO, Duration.ZERO, List.of(), List.of(), List.of())),
				new WorkflowOutcomes(), Clock.fixed(NOW, ZoneOffset.UTC));
		StageFlowOutput out = new StageFlowOutput(sink(), publisher(), Duration.ofSeconds(1));
		FlowMessageEnvelope go = this.codec.decodeStage(GoEnvelopes.delivery(StageFlowEnvelopesGoldenTests.FLOW))
			.message();

		assertThat(processor.process(workflow, 1, go, 0, out)).isNull();
		out.confirmed();

		assertThat(charged).containsExactly(new Order("ORD-20250708-0042", new BigDecimal("149.97")));
		assertThat(this.sent).hasSize(1);
		Sent next = this.sent.get(0);
		assertThat(next.queue()).isEqualTo("stageflow.order-fulfilment.stage2");
		assertThat(next.properties().getExpiration()).isEqualTo("300000");
		JsonNode body = this.json.readTree(next.body());
		JsonNode goPayload = this.json.readTree(GoEnvelopes.fixture(StageFlowEnvelopesGoldenTests.FLOW))
			.get("payload");
		assertThat(body.get("type").stringValue()).isEqualTo("FlowMessageEnvelope");
		assertThat(body.get("headers").has("x-message-kind")).isFalse();
		// Go's publisher headers too, its five-minute expiration among them.
		JsonNode goHeaders = this.json.readTree(GoEnvelopes.fixture(StageFlowEnvelopesGoldenTests.FLOW)).get("headers");
		assertThat(body.get("headers").propertyNames()).containsExactlyElementsOf(goHeaders.propertyNames());
		for (String header : List.of("delivery-mode", "expiration", "priority", "x-version")) {
			assertThat(body.get("headers").get(header)).as(header).isEqualTo(goHeaders.get(header));
		}
		JsonNode payload = body.get("payload");
		// Go's keys, sorted as its envelope factory writes them, but for nextStageQueue: none after the last stage.
		List<String> goKeys = new ArrayList<>(goPayload.propertyNames());
		goKeys.remove("nextStageQueue");
		assertThat(payload.propertyNames()).containsExactlyElementsOf(goKeys);
		assertThat(payload.get("payload")).isEqualTo(goPayload.get("payload"));
		assertThat(payload.get("payloadType").stringValue()).isEqualTo("json.RawMessage");
		assertThat(payload.get("checkpoint")).isEqualTo(goPayload.get("checkpoint"));
		assertThat(payload.get("currentStageIndex").intValue()).isEqualTo(2);
		assertThat(payload.get("stageName").stringValue()).isEqualTo("ship");
		assertThat(payload.get("workflowId")).isEqualTo(goPayload.get("workflowId"));
		assertThat(payload.get("instanceId")).isEqualTo(goPayload.get("instanceId"));
		assertThat(payload.get("workflowStateType").stringValue()).isEqualTo("WorkflowState");

		String stateJson = payload.get("serializedWorkflowState").stringValue();
		String goStateJson = goPayload.get("serializedWorkflowState").stringValue();
		JsonNode state = this.json.readTree(stateJson);
		JsonNode goState = this.json.readTree(goStateJson);
		assertThat(state.propertyNames()).containsExactly("workflowId", "instanceId", "status", "stageResults",
				"globalData", "startTime", "lastModified", "version");
		assertThat(state.get("status").stringValue()).isEqualTo("running");
		assertThat(state.get("startTime")).isEqualTo(goState.get("startTime"));
		assertThat(state.get("lastModified").stringValue()).isEqualTo("2025-07-08T10:31:01.5Z");
		assertThat(state.get("version").intValue()).isEqualTo(3);
		// Go's own result of stage 0, byte for byte, then the Java stage's.
		String goResult = this.json.writeValueAsString(goState.get("stageResults").get(0));
		assertThat(stateJson).contains(goResult);
		assertThat(this.json.writeValueAsString(state.get("stageResults").get(1)))
			.isEqualTo("{\"stageId\":\"charge-payment\",\"status\":\"completed\",\"data\":{\"paymentId\":\"PAY-1\"},"
					+ "\"startTime\":\"2025-07-08T10:31:01.5Z\",\"endTime\":\"2025-07-08T10:31:01.5Z\","
					+ "\"duration\":0}");
		assertThat(this.json.writeValueAsString(state.get("globalData")))
			.isEqualTo("{\"amount\":149.97,\"charge-payment.paymentId\":\"PAY-1\",\"orderId\":\"ORD-20250708-0042\","
					+ "\"reserve-stock.reservationId\":\"RES-7781\"}");

		assertThat(this.events).singleElement().isInstanceOfSatisfying(StageCompletedEvent.class, (event) -> {
			assertThat(event.sequence()).isEqualTo(3);
			assertThat(event.stageId()).isEqualTo("charge-payment");
			assertThat(event.stageIndex()).isEqualTo(1);
			assertThat(event.currentStage()).isEqualTo(2);
			assertThat(event.totalStages()).isEqualTo(3);
			assertThat(event.aggregateId()).isEqualTo(StageFlowEnvelopesGoldenTests.INSTANCE);
		});
	}

	private PublishSink sink() {
		return (exchange, routingKey, mandatory, properties, body, timeout) -> {
			assertThat(exchange).isEmpty();
			this.sent.add(new Sent(routingKey, properties, body));
			return CompletableFuture.completedFuture(new PublishReceipt(properties.getMessageId(), "", routingKey));
		};
	}

	private MessagePublisher publisher() {
		return new MessagePublisher() {

			@Override
			public CompletableFuture<PublishReceipt> publishEvent(Event event, PublishOptions options) {
				StageFlowGoStageTests.this.events.add(event);
				return CompletableFuture.completedFuture(null);
			}

			@Override
			public CompletableFuture<PublishReceipt> sendCommand(Command command, String targetService,
					PublishOptions options) {
				throw new UnsupportedOperationException();
			}

			@Override
			public CompletableFuture<PublishReceipt> sendQuery(Query query, PublishOptions options) {
				throw new UnsupportedOperationException();
			}

			@Override
			public CompletableFuture<PublishReceipt> sendReply(Reply reply, String replyTo, PublishOptions options) {
				throw new UnsupportedOperationException();
			}

		};
	}

	record Order(String orderId, BigDecimal amount) {

	}

	record Sent(String queue, AMQP.BasicProperties properties, byte[] body) {

	}

}
