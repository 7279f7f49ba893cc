package io.mmate.envelope;

import java.util.Date;
import java.util.Map;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Writes and reads the Mmate JSON envelope. Writing is strict: the Go layout, key for key. Reading is lenient: keys in
 * any case, unknown fields ignored, timestamps with fractions or offsets, the type from the body, the AMQP
 * {@code type} property or the {@code x-message-type} header, and flat bodies without an envelope.
 */
public final class EnvelopeCodec {

	private final EnvelopeWriter writer;

	private final EnvelopeReader reader;

	/**
	 * Create a codec on a copy of the given mapper, reconfigured for the wire format, that writes every wire header
	 * into the AMQP header table too ({@link HeaderTable#FULL}).
	 * @param mapper the application's mapper, whose modules are kept
	 */
	public EnvelopeCodec(JsonMapper mapper) {
		this(mapper, HeaderTable.FULL, WireHeaders.AGGREGATE_ID);
	}

	/**
	 * Create a codec on a copy of the given mapper, reconfigured for the wire format.
	 * @param mapper the application's mapper, whose modules are kept
	 * @param headerTable which wire headers encoded envelopes carry in their AMQP header table as well as in the body
	 * @param partitionKeyHeader the header partitioned queues are hashed by ({@code mmate.partitions.key-header}),
	 * which a {@link HeaderTable#MINIMAL minimal} table keeps, as it keeps {@code x-aggregate-id}
	 */
	public EnvelopeCodec(JsonMapper mapper, HeaderTable headerTable, String partitionKeyHeader) {
		JsonMapper wire = mapper.rebuild()
			.enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
			// Payloads read as trees or maps keep amounts exact rather than round them through double.
			.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
			.addModule(new SimpleModule("mmate-wire").setDeserializerModifier(new WireBeanDeserializers()))
			.build();
		this.writer = new EnvelopeWriter(wire, headerTable, partitionKeyHeader);
		this.reader = new EnvelopeReader(wire);
	}

	/**
	 * Encode a message into an AMQP body and properties.
	 * @param out the message and its metadata
	 * @return the AMQP message
	 */
	public org.springframework.amqp.core.Message encode(OutboundEnvelope out) {
		return this.writer.encode(out);
	}

	/**
	 * Encode a message into an AMQP body and the client's properties, ready to publish.
	 * @param out the message and its metadata
	 * @return the body and properties
	 */
	public EncodedMessage encodeForPublishing(OutboundEnvelope out) {
		return this.writer.encodeForPublishing(out);
	}

	/**
	 * Decode the envelope of a delivery, leaving the payload as JSON.
	 * @param amqp the delivery
	 * @return the envelope
	 * @throws UndecodableMessageException if the body is not a JSON object or no type name can be found
	 */
	public InboundEnvelope decode(org.springframework.amqp.core.Message amqp) {
		return this.reader.decode(amqp);
	}

	/**
	 * Decode the envelope of a delivery and, when the body names its type before its payload (as Mmate senders do),
	 * bind the payload to the class that type takes while the body is read: {@link #readPayload} with that class
	 * then returns it without reading the payload again. A payload that does not bind is left as JSON, for
	 * {@link #readPayload} to report.
	 * @param amqp the delivery
	 * @param types the class each type's payload binds to
	 * @return the envelope
	 * @throws UndecodableMessageException if the body is not a JSON object or no type name can be found
	 */
	public InboundEnvelope decode(org.springframework.amqp.core.Message amqp, PayloadTypes types) {
		return this.reader.decode(amqp, types);
	}

	/**
	 * Bind a payload to a class.
	 * @param <T> the target type
	 * @param envelope the decoded envelope
	 * @param type the class to bind to
	 * @return the bound payload
	 * @throws UndecodableMessageException if the payload does not fit the class
	 */
	public <T> T readPayload(InboundEnvelope envelope, Class<T> type) {
		return this.reader.readPayload(envelope, type);
	}

}
