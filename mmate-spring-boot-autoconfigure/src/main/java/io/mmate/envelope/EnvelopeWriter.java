package io.mmate.envelope;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.mmate.Event;
import io.mmate.PublishOptions;
import io.mmate.Reply;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the Mmate JSON envelope strictly: the Go layout, key for key, with the AMQP properties and headers Go sets.
 */
final class EnvelopeWriter {

	private static final String CONTENT_TYPE = "application/json";

	private final JsonMapper mapper;

	EnvelopeWriter(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * Encode a message into an AMQP body and properties.
	 * @param out the message and its metadata
	 * @return the AMQP message
	 */
	org.springframework.amqp.core.Message encode(OutboundEnvelope out) {
		PublishOptions options = out.options();
		String timestamp = DateTimeFormatter.ISO_INSTANT.format(out.timestamp().truncatedTo(ChronoUnit.SECONDS));
		Map<String, Object> headers = headers(out, timestamp);
		ObjectNode body = this.mapper.createObjectNode();
		body.put("id", out.id());
		body.put("type", out.type());
		body.put("timestamp", timestamp);
		putIfText(body, "correlationId", options.correlationId());
		body.set("headers", this.mapper.valueToTree(new TreeMap<>(headers)));
		body.set("payload", payload(out));
		MessageProperties properties = properties(out, headers);
		return new org.springframework.amqp.core.Message(this.mapper.writeValueAsBytes(body), properties);
	}

	private ObjectNode payload(OutboundEnvelope out) {
		ObjectNode fields = this.mapper.valueToTree(out.message());
		// The envelope carries these; Go strips them from the payload too.
		fields.remove("id");
		fields.remove("type");
		fields.remove("timestamp");
		fields.remove("correlationId");
		Map<String, JsonNode> sorted = new TreeMap<>();
		fields.properties().forEach((entry) -> sorted.put(entry.getKey(), entry.getValue()));
		ObjectNode base = this.mapper.createObjectNode();
		putBaseFields(base, out);
		base.properties().forEach((entry) -> sorted.put(entry.getKey(), entry.getValue()));
		// Go marshals the payload from a map, so its keys come out sorted; so do ours.
		ObjectNode payload = this.mapper.createObjectNode();
		sorted.forEach((name, value) -> payload.set(name, sortKeys(value)));
		return payload;
	}

	// Nested objects are Go maps as well, so their keys come out sorted at every level.
	private JsonNode sortKeys(JsonNode node) {
		if (node.isObject()) {
			Map<String, JsonNode> fields = new TreeMap<>();
			node.properties().forEach((entry) -> fields.put(entry.getKey(), sortKeys(entry.getValue())));
			ObjectNode sorted = this.mapper.createObjectNode();
			fields.forEach(sorted::set);
			return sorted;
		}
		if (node.isArray()) {
			ArrayNode sorted = this.mapper.createArrayNode();
			node.values().forEach((element) -> sorted.add(sortKeys(element)));
			return sorted;
		}
		return node;
	}

	private void putBaseFields(ObjectNode base, OutboundEnvelope out) {
		String replyTo = out.options().replyTo();
		switch (out.kind()) {
			case COMMAND -> {
				base.put("targetService", (out.targetService() != null) ? out.targetService() : "");
				putIfText(base, "replyTo", replyTo);
			}
			case EVENT -> {
				Event event = (Event) out.message();
				base.put("aggregateId", (event.aggregateId() != null) ? event.aggregateId() : "");
				base.put("sequence", event.sequence());
				putIfText(base, "source", event.source());
			}
			case QUERY -> base.put("replyTo", (replyTo != null) ? replyTo : "");
			case REPLY -> {
				Reply reply = (Reply) out.message();
				base.put("success", reply.success());
				putIfText(base, "errorCode", reply.errorCode());
				putIfText(base, "errorMessage", reply.errorMessage());
			}
		}
	}

	private Map<String, Object> headers(OutboundEnvelope out, String timestamp) {
		PublishOptions options = out.options();
		Map<String, Object> headers = new LinkedHashMap<>(options.headers());
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

	private static MessageProperties properties(OutboundEnvelope out, Map<String, Object> headers) {
		PublishOptions options = out.options();
		MessageProperties properties = new MessageProperties();
		properties.setContentType(CONTENT_TYPE);
		properties.setDeliveryMode(options.persistent() ? MessageDeliveryMode.PERSISTENT
				: MessageDeliveryMode.NON_PERSISTENT);
		properties.setMessageId(out.id());
		properties.setType(out.type());
		properties.setTimestamp(Date.from(out.timestamp().truncatedTo(ChronoUnit.SECONDS)));
		if (hasText(options.correlationId())) {
			properties.setCorrelationId(options.correlationId());
		}
		if (hasText(options.replyTo())) {
			properties.setReplyTo(options.replyTo());
		}
		if (options.ttl() != null) {
			properties.setExpiration(Long.toString(options.ttl().toMillis()));
		}
		if (options.priority() != null) {
			properties.setPriority(options.priority());
		}
		headers.forEach(properties::setHeader);
		return properties;
	}

	private static void putIfText(ObjectNode node, String name, String value) {
		if (hasText(value)) {
			node.put(name, value);
		}
	}

	private static boolean hasText(String value) {
		return value != null && !value.isEmpty();
	}

}
