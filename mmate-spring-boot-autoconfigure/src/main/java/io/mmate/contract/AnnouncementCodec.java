package io.mmate.contract;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;

import com.rabbitmq.client.AMQP;
import io.mmate.envelope.EncodedMessage;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.InboundEnvelope;
import io.mmate.envelope.UndecodableMessageException;
import io.mmate.envelope.WireHeaders;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;

/**
 * Writes and reads {@link ContractAnnouncement} envelopes in the layout of Mmate's Go contract discovery. Go publishes
 * them as plain messages, neither command nor event: the envelope has no {@code x-message-kind} header, and the
 * payload holds {@code action} and {@code contracts}, keys sorted at every level as Go marshals maps.
 */
public final class AnnouncementCodec {

	private static final String CONTENT_TYPE = "application/json";

	private final JsonMapper mapper;

	private final EnvelopeCodec envelopes;

	/**
	 * Create a codec.
	 * @param mapper the application's mapper, copied and set to write sorted keys
	 * @param envelopes the envelope codec, which reads announcements as leniently as any message
	 */
	public AnnouncementCodec(JsonMapper mapper, EnvelopeCodec envelopes) {
		this.mapper = mapper.rebuild()
			.enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
			.disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
			.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
			.enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
			.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
			.build();
		this.envelopes = envelopes;
	}

	/**
	 * Encode an announcement, ready to publish.
	 * @param announcement the announcement
	 * @param id the message id
	 * @param timestamp the creation time, written in whole seconds as Go does
	 * @return the body and properties
	 */
	public EncodedMessage encode(ContractAnnouncement announcement, String id, Instant timestamp) {
		Instant second = timestamp.truncatedTo(ChronoUnit.SECONDS);
		String time = DateTimeFormatter.ISO_INSTANT.format(second);
		Map<String, Object> headers = headers(id, time);
		ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
		try (JsonGenerator generator = this.mapper.createGenerator(body)) {
			// The envelope's own keys in Go's field order; only headers and payload are sorted.
			generator.writeStartObject();
			generator.writeStringProperty("id", id);
			generator.writeStringProperty("type", ContractAnnouncement.TYPE);
			generator.writeStringProperty("timestamp", time);
			generator.writePOJOProperty("headers", headers);
			generator.writePOJOProperty("payload", announcement);
			generator.writeEndObject();
		}
		AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType(CONTENT_TYPE)
			.deliveryMode(2)
			.messageId(id)
			.type(ContractAnnouncement.TYPE)
			.timestamp(Date.from(second))
			.headers(headers)
			.build();
		return new EncodedMessage(body.toByteArray(), properties);
	}

	/**
	 * Decode an announcement.
	 * @param amqp the delivery
	 * @return the announcement
	 * @throws UndecodableMessageException if the body is not an announcement envelope
	 */
	public ContractAnnouncement decode(Message amqp) {
		InboundEnvelope envelope = this.envelopes.decode(amqp);
		if (!ContractAnnouncement.TYPE.equals(envelope.type())) {
			throw new UndecodableMessageException("Message type '" + envelope.type() + "' is not a "
					+ ContractAnnouncement.TYPE, null);
		}
		return this.envelopes.readPayload(envelope, ContractAnnouncement.class);
	}

	private static Map<String, Object> headers(String id, String time) {
		Map<String, Object> headers = new TreeMap<>();
		headers.put(WireHeaders.MESSAGE_TYPE, ContractAnnouncement.TYPE);
		headers.put(WireHeaders.MESSAGE_ID, id);
		headers.put(WireHeaders.SOURCE, WireHeaders.SOURCE_VALUE);
		headers.put(WireHeaders.VERSION, WireHeaders.VERSION_VALUE);
		headers.put(WireHeaders.PLAIN_MESSAGE_ID, id);
		headers.put(WireHeaders.PLAIN_MESSAGE_TYPE, ContractAnnouncement.TYPE);
		headers.put(WireHeaders.PLAIN_TIMESTAMP, time);
		headers.put(WireHeaders.PLAIN_SOURCE, WireHeaders.SOURCE_VALUE);
		return headers;
	}

}
