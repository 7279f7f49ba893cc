package io.mmate.dispatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.mmate.Command;
import io.mmate.DeadLetterReason;
import io.mmate.MessageInterceptor;
import io.mmate.MessageKind;
import io.mmate.MessageValidationException;
import io.mmate.Reply;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.InboundEnvelope;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Dispatcher}.
 */
class DispatcherTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final EnvelopeCodec codec = new EnvelopeCodec(this.json);

	private final HandlerRegistry registry = new HandlerRegistry();

	private final List<String> calls = new ArrayList<>();

	@Test
	void unknownTypeIsRejectedNamingTypeAndQueue() {
		Outcome outcome = dispatcher(List.of()).dispatch(envelope("Unknown", "{}"), "svc-queue", false);
		assertThat(outcome).isInstanceOfSatisfying(Outcome.Rejected.class, (rejected) -> {
			assertThat(rejected.reason()).isEqualTo(DeadLetterReason.NO_HANDLER);
			assertThat(rejected.description()).contains("'Unknown'").contains("'svc-queue'");
		});
	}

	@Test
	void payloadThatDoesNotBindIsRejectedAsUndecodable() {
		registerRecordingHandler();
		Outcome outcome = dispatcher(List.of()).dispatch(envelope("Ping", "{\"count\":\"many\"}"), "svc-queue", false);
		assertThat(outcome).isInstanceOfSatisfying(Outcome.Rejected.class, (rejected) -> {
			assertThat(rejected.reason()).isEqualTo(DeadLetterReason.UNDECODABLE);
			assertThat(rejected.description()).contains("'Ping'").contains(Ping.class.getName());
		});
		assertThat(this.calls).isEmpty();
	}

	@Test
	void handlerResultIsTheOutcome() {
		this.registry.register(new HandlerDefinition("Ping", MessageKind.COMMAND, Ping.class,
				(message, context) -> new Pong(((Ping) message).count() + 1), "test"));
		Outcome outcome = dispatcher(List.of()).dispatch(envelope("Ping", "{\"count\":1}"), "q", false);
		assertThat(outcome).isEqualTo(new Outcome.Handled(new Pong(2)));
	}

	@Test
	void handlerExceptionIsAFailure() {
		IllegalStateException failure = new IllegalStateException("down");
		this.registry.register(new HandlerDefinition("Ping", MessageKind.COMMAND, Ping.class, (message, context) -> {
			throw failure;
		}, "test"));
		assertThat(dispatcher(List.of()).dispatch(envelope("Ping", "{}"), "q", false))
			.isEqualTo(new Outcome.Failed(failure));
	}

	@Test
	void failureOfAHandlerDeclaredToReturnAReplyClassNamesThatClass() {
		IllegalStateException failure = new IllegalStateException("down");
		this.registry.register(new HandlerDefinition("Ping", MessageKind.COMMAND, Ping.class, (message, context) -> {
			throw failure;
		}, "test", false, HandlerDefinition.Delivery.SERVICE_QUEUE, Pong.class));
		assertThat(dispatcher(List.of()).dispatch(envelope("Ping", "{}"), "q", false))
			.isEqualTo(new Outcome.Failed(failure, Pong.class));
		assertThat(dispatcher(List.of()).dispatch(envelope("Ping", "{\"count\":\"many\"}"), "q", false))
			.isInstanceOfSatisfying(Outcome.Rejected.class,
					(rejected) -> assertThat(rejected.replyType()).isEqualTo(Pong.class));
	}

	@Test
	void payloadOfATypeThatAsksForValidationIsCheckedBeforeItsHandler() {
		registerRecordingHandler();
		this.registry.validatePayloads("Ping");
		Dispatcher dispatcher = dispatcher(List.of());
		dispatcher.setPayloadValidator((payload) -> (((Ping) payload).count() < 0)
				? List.of("count: must be greater than or equal to 0") : List.of());
		Outcome outcome = dispatcher.dispatch(envelope("Ping", "{\"count\":-1}"), "q", false);
		assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class,
				(failed) -> assertThat(failed.error()).isInstanceOfSatisfying(MessageValidationException.class,
						(invalid) -> {
							assertThat(invalid.getViolations())
								.containsExactly("count: must be greater than or equal to 0");
							assertThat(invalid).hasMessage("Message type 'Ping' is invalid: count: must be greater "
									+ "than or equal to 0");
						}));
		assertThat(this.calls).isEmpty();
		assertThat(dispatcher.dispatch(envelope("Ping", "{\"count\":1}"), "q", false))
			.isInstanceOf(Outcome.Handled.class);
	}

	@Test
	void payloadOfATypeThatDoesNotAskForValidationIsNotChecked() {
		registerRecordingHandler();
		Dispatcher dispatcher = dispatcher(List.of());
		dispatcher.setPayloadValidator((payload) -> List.of("count: invalid"));
		assertThat(dispatcher.dispatch(envelope("Ping", "{\"count\":-1}"), "q", false))
			.isInstanceOf(Outcome.Handled.class);
	}

	@Test
	void interceptorsRunInOrderAroundTheHandler() {
		registerRecordingHandler();
		MessageInterceptor outer = (message, context, chain) -> {
			this.calls.add("outer-before");
			Object result = chain.proceed(message);
			this.calls.add("outer-after");
			return result;
		};
		MessageInterceptor inner = (message, context, chain) -> {
			this.calls.add("inner " + context.messageType() + " " + context.queue());
			return chain.proceed(message);
		};
		dispatcher(List.of(outer, inner)).dispatch(envelope("Ping", "{\"count\":3}"), "q", false);
		assertThat(this.calls).containsExactly("outer-before", "inner Ping q", "handler 3", "outer-after");
	}

	@Test
	void interceptorCanStopOrReplaceTheMessage() {
		registerRecordingHandler();
		MessageInterceptor stopper = (message, context, chain) -> (((Ping) message).count() < 0) ? null
				: chain.proceed(new Ping(((Ping) message).count() * 10));
		Dispatcher dispatcher = dispatcher(List.of(stopper));
		assertThat(dispatcher.dispatch(envelope("Ping", "{\"count\":-1}"), "q", false))
			.isEqualTo(new Outcome.Handled(null));
		dispatcher.dispatch(envelope("Ping", "{\"count\":2}"), "q", false);
		assertThat(this.calls).containsExactly("handler 20");
	}

	@Test
	void contextCarriesTheEnvelopeMetadata() {
		List<Object> seen = new ArrayList<>();
		this.registry.register(new HandlerDefinition("Ping", MessageKind.COMMAND, Ping.class, (message, context) -> {
			seen.add(context.messageId());
			seen.add(context.correlationId());
			seen.add(context.replyTo());
			seen.add(context.header("tenant"));
			seen.add(context.redelivered());
			seen.add(context.kind());
			return null;
		}, "test"));
		InboundEnvelope envelope = new InboundEnvelope("id-1", "Ping", null, Instant.EPOCH, "corr-1", "reply-q",
				Map.of("tenant", "north"), this.json.createObjectNode());
		dispatcher(List.of()).dispatch(envelope, "q", true);
		assertThat(seen).containsExactly("id-1", "corr-1", "reply-q", "north", true, MessageKind.COMMAND);
	}

	@Test
	void replyCorrelatesOnTheCorrelationIdElseTheMessageId() {
		assertThat(Dispatcher.replyCorrelationId(new InboundEnvelope("id-1", "T", null, null, "corr-1", null,
				Map.of(), this.json.createObjectNode()))).isEqualTo("corr-1");
		assertThat(Dispatcher.replyCorrelationId(new InboundEnvelope("id-1", "T", null, null, null, null, Map.of(),
				this.json.createObjectNode()))).isEqualTo("id-1");
	}

	private void registerRecordingHandler() {
		this.registry.register(new HandlerDefinition("Ping", MessageKind.COMMAND, Ping.class, (message, context) -> {
			this.calls.add("handler " + ((Ping) message).count());
			return null;
		}, "test"));
	}

	private Dispatcher dispatcher(List<MessageInterceptor> interceptors) {
		return new Dispatcher(this.registry, this.codec, interceptors, null);
	}

	private InboundEnvelope envelope(String type, String payload) {
		return new InboundEnvelope("id-1", type, MessageKind.COMMAND, Instant.EPOCH, null, null, Map.of(),
				(ObjectNode) this.json.readTree(payload));
	}

	record Ping(int count) implements Command {
	}

	record Pong(int count) implements Reply {
	}

}
