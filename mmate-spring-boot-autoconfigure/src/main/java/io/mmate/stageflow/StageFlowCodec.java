package io.mmate.stageflow;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;

import com.rabbitmq.client.AMQP;
import io.mmate.Event;
import io.mmate.envelope.EncodedMessage;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.InboundEnvelope;
import io.mmate.envelope.UndecodableMessageException;
import io.mmate.envelope.WireHeaders;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Writes and reads the StageFlow messages in the layout of Mmate Go's engine. Go publishes them as plain messages
 * (no {@code x-message-kind}); its envelope factory re-marshals the payload from a map, so the payload's keys are
 * sorted at every level. The workflow state and stage results inside are strings that Go marshals from its structs:
 * fields in struct order, map keys sorted.
 */
public final class StageFlowCodec {

	/** The expiration Go's publisher gives every message it sends: five minutes. */
	public static final Duration GO_MESSAGE_TTL = Duration.ofMinutes(5);

	private static final String CONTENT_TYPE = "application/json";

	private final JsonMapper payloads;

	private final JsonMapper structs;

	private final EnvelopeCodec envelopes;

	private final String expiration;

	/**
	 * Create a codec that writes messages with Go's expiration, {@link #GO_MESSAGE_TTL}.
	 * @param mapper the starter's mapper, copied and set as Go writes
	 * @param envelopes the envelope codec, which reads StageFlow messages as leniently as any message
	 */
	public StageFlowCodec(JsonMapper mapper, EnvelopeCodec envelopes) {
		this(mapper, envelopes, GO_MESSAGE_TTL);
	}

	/**
	 * Create a codec.
	 * @param mapper the starter's mapper, copied and set as Go writes
	 * @param envelopes the envelope codec, which reads StageFlow messages as leniently as any message
	 * @param messageTtl the expiration of the messages it writes; zero for none
	 */
	public StageFlowCodec(JsonMapper mapper, EnvelopeCodec envelopes, Duration messageTtl) {
		Assert.isTrue(!messageTtl.isNegative(), "The message TTL must not be negative");
		this.expiration = messageTtl.isZero() ? null : Long.toString(messageTtl.toMillis());
		this.structs = mapper.rebuild()
			.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
			.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			// Workflow data goes through every stage: a price read as a double would come back changed.
			.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.build();
		this.payloads = this.structs.rebuild()
			.enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
			.disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
			.enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
			.build();
		this.envelopes = envelopes;
	}

	/**
	 * Encode a stage message, ready to publish.
	 * @param envelope the message
	 * @param id the message id
	 * @param timestamp when it was made, written in whole seconds as Go's envelope does
	 * @return the body and properties
	 */
	public EncodedMessage encode(FlowMessageEnvelope envelope, String id, Instant timestamp) {
		return encode(FlowMessageEnvelope.TYPE, envelope, id, timestamp);
	}

	/**
	 * Encode a compensation message, ready to publish.
	 * @param envelope the message
	 * @param id the message id
	 * @param timestamp when it was made
	 * @return the body and properties
	 */
	public EncodedMessage encode(CompensationMessageEnvelope envelope, String id, Instant timestamp) {
		return encode(CompensationMessageEnvelope.TYPE, envelope, id, timestamp);
	}

	/**
	 * Read a stage message.
	 * @param amqp the delivery
	 * @return the message
	 * @throws UndecodableMessageException if it is not a {@code FlowMessageEnvelope}
	 */
	public StageFlowMessage<FlowMessageEnvelope> decodeStage(Message amqp) {
		return decode(amqp, FlowMessageEnvelope.TYPE, FlowMessageEnvelope.class);
	}

	/**
	 * Read a compensation message.
	 * @param amqp the delivery
	 * @return the message
	 * @throws UndecodableMessageException if it is not a {@code CompensationMessageEnvelope}
	 */
	public StageFlowMessage<CompensationMessageEnvelope> decodeCompensation(Message amqp) {
		return decode(amqp, CompensationMessageEnvelope.TYPE, CompensationMessageEnvelope.class);
	}

	/**
	 * Read a workflow's end, as any engine publishes it on {@code mmate.events}.
	 * @param amqp the delivery
	 * @return a {@link WorkflowCompletedEvent}, {@link WorkflowFailedEvent} or {@link WorkflowCompensatedEvent}, or
	 * {@code null} for a message of another type
	 * @throws UndecodableMessageException if it cannot be read
	 */
	public Event decodeEnd(Message amqp) {
		InboundEnvelope envelope = this.envelopes.decode(amqp);
		Class<? extends Event> type = switch (String.valueOf(envelope.type())) {
			case "WorkflowCompletedEvent" -> WorkflowCompletedEvent.class;
			case "WorkflowFailedEvent" -> WorkflowFailedEvent.class;
			case "WorkflowCompensatedEvent" -> WorkflowCompensatedEvent.class;
			default -> null;
		};
		return (type != null) ? this.envelopes.readPayload(envelope, type) : null;
	}

	/**
	 * Write a workflow state as Go's {@code json.Marshal} does.
	 * @param state the state
	 * @return the JSON
	 */
	public String writeState(WorkflowState state) {
		return this.structs.writeValueAsString(state);
	}

	/**
	 * Read a workflow state.
	 * @param json the JSON
	 * @return the state
	 * @throws UndecodableMessageException if it is not a workflow state
	 */
	public WorkflowState readState(String json) {
		WorkflowState state = read(json, WorkflowState.class);
		// The engine builds events and the next state from these: a state without them is refused here, once,
		// rather than fail later on every delivery of the message.
		if (!StringUtils.hasText(state.instanceId()) || state.startTime() == null) {
			throw new UndecodableMessageException("The workflow state of workflow '" + state.workflowId()
					+ "' has no " + (StringUtils.hasText(state.instanceId()) ? "startTime" : "instanceId"), null);
		}
		return state;
	}

	/**
	 * Write a stage result as Go's {@code json.Marshal} does.
	 * @param result the result
	 * @return the JSON
	 */
	public String writeResult(StageResult result) {
		return this.structs.writeValueAsString(result);
	}

	/**
	 * Read a stage result.
	 * @param json the JSON
	 * @return the result
	 * @throws UndecodableMessageException if it is not a stage result
	 */
	public StageResult readResult(String json) {
		return read(json, StageResult.class);
	}

	/**
	 * The mapper that turns workflow data into state objects and back.
	 * @return the mapper
	 */
	JsonMapper structs() {
		return this.structs;
	}

	private <T> T read(String json, Class<T> type) {
		try {
			return this.structs.readValue(json, type);
		}
		catch (JacksonException ex) {
			throw new UndecodableMessageException("Not a " + type.getSimpleName() + ": " + ex.getOriginalMessage(),
					ex);
		}
	}

	private <T> StageFlowMessage<T> decode(Message amqp, String typeName, Class<T> type) {
		InboundEnvelope envelope = this.envelopes.decode(amqp);
		if (!typeName.equals(envelope.type())) {
			throw new UndecodableMessageException("Message type '" + envelope.type() + "' is not a " + typeName, null);
		}
		T message;
		try {
			message = this.structs.treeToValue(envelope.payload(), type);
		}
		catch (JacksonException ex) {
			throw new UndecodableMessageException("Not a " + typeName + ": " + ex.getOriginalMessage(), ex);
		}
		return new StageFlowMessage<>(envelope.id(), envelope.timestamp(), message);
	}

	private EncodedMessage encode(String type, Object message, String id, Instant timestamp) {
		Instant second = timestamp.truncatedTo(ChronoUnit.SECONDS);
		String time = DateTimeFormatter.ISO_INSTANT.format(second);
		Map<String, Object> headers = headers(type, id, time, this.expiration);
		ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
		try (JsonGenerator generator = this.payloads.createGenerator(body)) {
			// The envelope's own keys in Go's field order; headers and payload are sorted.
			generator.writeStartObject();
			generator.writeStringProperty("id", id);
			generator.writeStringProperty("type", type);
			generator.writeStringProperty("timestamp", time);
			generator.writePOJOProperty("headers", headers);
			generator.writePOJOProperty("payload", message);
			generator.writeEndObject();
		}
		AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType(CONTENT_TYPE)
			.deliveryMode(2)
			.messageId(id)
			.type(type)
			.timestamp(Date.from(second))
			.expiration(this.expiration)
			.headers(headers)
			.build();
		return new EncodedMessage(body.toByteArray(), properties);
	}

	private static Map<String, Object> headers(String type, String id, String time, String expiration) {
		Map<String, Object> headers = new TreeMap<>();
		// Go's publisher adds its options to the envelope's headers.
		headers.put("delivery-mode", 2);
		headers.put("priority", 0);
		if (expiration != null) {
			headers.put("expiration", expiration);
		}
		headers.put(WireHeaders.MESSAGE_TYPE, type);
		headers.put(WireHeaders.MESSAGE_ID, id);
		headers.put(WireHeaders.SOURCE, WireHeaders.SOURCE_VALUE);
		headers.put(WireHeaders.VERSION, WireHeaders.VERSION_VALUE);
		headers.put(WireHeaders.PLAIN_MESSAGE_ID, id);
		headers.put(WireHeaders.PLAIN_MESSAGE_TYPE, type);
		headers.put(WireHeaders.PLAIN_TIMESTAMP, time);
		headers.put(WireHeaders.PLAIN_SOURCE, WireHeaders.SOURCE_VALUE);
		return headers;
	}

}
