package io.mmate.envelope;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.mmate.Event;
import io.mmate.PublishOptions;
import io.mmate.Reply;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the Mmate JSON envelope strictly: the Go layout, key for key, with the AMQP properties and headers Go sets
 * (see {@link EnvelopeProperties}). The body is written in one pass, without building a tree (see
 * {@link EnvelopeBody}).
 */
final class EnvelopeWriter {

	private final JsonMapper mapper;

	private final HeaderTable headerTable;

	// The wire headers a minimal table keeps: the type, the kind and the headers consistent-hash partitions hash.
	private final Set<String> minimalTable;

	// Envelope timestamps have whole seconds, and a busy publisher writes many messages in each: the text of the
	// latest second is kept so that formatting, which produces several objects, happens once per second.
	private volatile FormattedSecond lastTimestamp;

	EnvelopeWriter(JsonMapper mapper, HeaderTable headerTable, String partitionKeyHeader) {
		this.headerTable = headerTable;
		this.minimalTable = Set.copyOf(List.of(WireHeaders.MESSAGE_TYPE, WireHeaders.MESSAGE_KIND,
				WireHeaders.AGGREGATE_ID, partitionKeyHeader));
		// Go marshals headers and payloads from maps: keys sorted at every level.
		this.mapper = mapper.rebuild()
			.enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
			.disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
			.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
			.enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
			.build();
	}

	/**
	 * Encode a message into an AMQP body and Spring AMQP properties.
	 * @param out the message and its metadata
	 * @return the AMQP message
	 */
	org.springframework.amqp.core.Message encode(OutboundEnvelope out) {
		String timestamp = timestamp(out);
		Map<String, Object> headers = headers(out, timestamp);
		return new org.springframework.amqp.core.Message(body(out, timestamp, headers),
				EnvelopeProperties.of(out, headerTable(out, headers)).buildMessageProperties());
	}

	/**
	 * Encode a message into an AMQP body and the client's properties, ready to publish.
	 * @param out the message and its metadata
	 * @return the body and properties
	 */
	EncodedMessage encodeForPublishing(OutboundEnvelope out) {
		String timestamp = timestamp(out);
		Map<String, Object> headers = headers(out, timestamp);
		return new EncodedMessage(body(out, timestamp, headers),
				EnvelopeProperties.of(out, headerTable(out, headers)).build());
	}

	private byte[] body(OutboundEnvelope out, String timestamp, Map<String, Object> headers) {
		return this.mapper.writeValueAsBytes(new EnvelopeBody(out, timestamp, headers));
	}

	private String timestamp(OutboundEnvelope out) {
		long second = out.timestamp().getEpochSecond();
		FormattedSecond last = this.lastTimestamp;
		if (last == null || last.epochSecond() != second) {
			last = new FormattedSecond(second, DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(second)));
			this.lastTimestamp = last;
		}
		return last.text();
	}

	private Map<String, Object> headers(OutboundEnvelope out, String timestamp) {
		PublishOptions options = out.options();
		// Sorted, as Go writes them into the body; the order of AMQP headers does not matter.
		Map<String, Object> headers = new TreeMap<>(options.headers());
		headers.put(WireHeaders.MESSAGE_TYPE, out.type());
		headers.put(WireHeaders.MESSAGE_ID, out.id());
		headers.put(WireHeaders.MESSAGE_KIND, out.kind().headerValue());
		headers.put(WireHeaders.SOURCE, WireHeaders.SOURCE_VALUE);
		headers.put(WireHeaders.VERSION, WireHeaders.VERSION_VALUE);
		headers.put(WireHeaders.PLAIN_MESSAGE_ID, out.id());
		headers.put(WireHeaders.PLAIN_MESSAGE_TYPE, out.type());
		headers.put(WireHeaders.PLAIN_TIMESTAMP, timestamp);
		headers.put(WireHeaders.PLAIN_SOURCE, WireHeaders.SOURCE_VALUE);
		if (hasText(options.correlationId())) {
			headers.put(WireHeaders.CORRELATION_ID, options.correlationId());
			headers.put(WireHeaders.PLAIN_CORRELATION_ID, options.correlationId());
		}
		if (out.message() instanceof Event event) {
			headers.put(WireHeaders.AGGREGATE_ID, (event.aggregateId() != null) ? event.aggregateId() : "");
			headers.put(WireHeaders.SEQUENCE, Long.toString(event.sequence()));
		}
		else if (out.message() instanceof Reply reply) {
			headers.put(WireHeaders.SUCCESS, Boolean.toString(reply.success()));
		}
		else if (hasText(options.replyTo())) {
			headers.put(WireHeaders.REPLY_TO, options.replyTo());
		}
		return headers;
	}

	// The body has been written: the properties may own the map of every header, or take the few that they carry.
	private Map<String, Object> headerTable(OutboundEnvelope out, Map<String, Object> headers) {
		if (this.headerTable == HeaderTable.FULL) {
			return headers;
		}
		Map<String, Object> table = new HashMap<>(out.options().headers());
		for (String name : this.minimalTable) {
			Object value = headers.get(name);
			if (value != null) {
				table.put(name, value);
			}
		}
		return table;
	}

	private static boolean hasText(String value) {
		return value != null && !value.isEmpty();
	}

	/**
	 * The ISO-8601 text of one second since the epoch.
	 *
	 * @param epochSecond the second
	 * @param text its text
	 */
	private record FormattedSecond(long epochSecond, String text) {
	}

}
