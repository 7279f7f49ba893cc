package io.mmate.envelope;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.MessageKind;
import io.mmate.PublishOptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for writing envelopes in one pass: what the golden fixtures do not show.
 */
class EnvelopeWriterTests {

	private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

	private final JsonMapper json = JsonMapper.builder().build();

	private final EnvelopeCodec codec = new EnvelopeCodec(this.json);

	@Test
	void nestedMapsAndTreesAreWrittenWithSortedKeysAtEveryLevel() {
		Map<String, Object> inner = new LinkedHashMap<>();
		inner.put("zeta", 1);
		inner.put("alpha", List.of(Map.of("y", 1, "b", 2)));
		ObjectNode tree = this.json.createObjectNode();
		tree.put("z", 1);
		tree.putObject("m").put("d", 1).put("c", 2);
		String body = body(new Shipment("S-1", inner, tree), PublishOptions.defaults());
		assertThat(body).contains(
				"\"payload\":{\"attributes\":{\"alpha\":[{\"b\":2,\"y\":1}],\"zeta\":1},\"shipmentId\":\"S-1\","
						+ "\"targetService\":\"shipping\",\"tree\":{\"m\":{\"c\":2,\"d\":1},\"z\":1}}");
	}

	@Test
	void envelopeFieldsLeaveThePayloadAndKindFieldsReplaceTheMessagesOwn() {
		String body = body(new Tagged("agg-1", "mine", "not-the-id", "not-a-type", "later", "other"),
				PublishOptions.defaults());
		JsonNode payload = this.json.readTree(body).get("payload");
		assertThat(payload.propertyNames()).containsExactly("aggregateId", "note", "sequence", "source");
		assertThat(payload.get("source").stringValue()).isEqualTo("mine");
		assertThat(payload.get("sequence").longValue()).isEqualTo(7);
	}

	@Test
	void encodingForPublishingWritesTheSameBodyAndProperties() {
		PublishOptions options = PublishOptions.defaults()
			.withCorrelationId("corr-1")
			.withReplyTo("bridge.reply.1")
			.withHeader("tenant", "acme")
			.withHeader("kind-of-thing", Thread.State.NEW);
		OutboundEnvelope out = new OutboundEnvelope("id-1", "Shipment", MessageKind.COMMAND, NOW,
				new Shipment("S-1", Map.of(), this.json.createObjectNode()), "shipping", options);
		Message message = this.codec.encode(out);
		EncodedMessage encoded = this.codec.encodeForPublishing(out);
		assertThat(encoded.body()).isEqualTo(message.getBody());
		MessageProperties expected = message.getMessageProperties();
		assertThat(encoded.properties().getMessageId()).isEqualTo(expected.getMessageId());
		assertThat(encoded.properties().getType()).isEqualTo(expected.getType());
		assertThat(encoded.properties().getCorrelationId()).isEqualTo(expected.getCorrelationId());
		assertThat(encoded.properties().getReplyTo()).isEqualTo(expected.getReplyTo());
		assertThat(encoded.properties().getTimestamp()).isEqualTo(expected.getTimestamp());
		assertThat(encoded.properties().getContentType()).isEqualTo(expected.getContentType());
		assertThat(encoded.properties().getDeliveryMode()).isEqualTo(2);
		assertThat(encoded.properties().getHeaders()).containsAllEntriesOf(Map.of("tenant", "acme", "x-message-type",
				"Shipment", "x-correlation-id", "corr-1"));
		// A header value that has no AMQP field type travels as its text.
		assertThat(encoded.properties().getHeaders()).containsEntry("kind-of-thing", "NEW");
	}

	@Test
	void minimalHeaderTableCarriesTypeKindAndOwnHeadersWhileTheBodyKeepsEveryHeader() {
		EnvelopeCodec minimal = new EnvelopeCodec(this.json, HeaderTable.MINIMAL, WireHeaders.AGGREGATE_ID);
		PublishOptions options = PublishOptions.defaults()
			.withCorrelationId("corr-1")
			.withReplyTo("bridge.reply.1")
			.withHeader("tenant", "acme");
		OutboundEnvelope out = new OutboundEnvelope("id-1", "Shipment", MessageKind.COMMAND, NOW,
				new Shipment("S-1", Map.of(), this.json.createObjectNode()), "shipping", options);
		EncodedMessage full = this.codec.encodeForPublishing(out);
		EncodedMessage lean = minimal.encodeForPublishing(out);
		assertThat(lean.body()).isEqualTo(full.body());
		assertThat(lean.properties().getHeaders()).containsOnly(Map.entry("tenant", "acme"),
				Map.entry("x-message-type", "Shipment"), Map.entry("x-message-kind", "command"));
		assertThat(full.properties().getHeaders()).hasSize(13);
		// What the header table leaves out still travels as AMQP properties.
		assertThat(lean.properties().getMessageId()).isEqualTo("id-1");
		assertThat(lean.properties().getCorrelationId()).isEqualTo("corr-1");
		assertThat(lean.properties().getReplyTo()).isEqualTo("bridge.reply.1");
		assertThat(lean.properties().getType()).isEqualTo("Shipment");
		Message spring = minimal.encode(out);
		assertThat(spring.getMessageProperties().getHeaders()).containsOnlyKeys("tenant", "x-message-type",
				"x-message-kind");
		// A reader sees every header from the body, as it does for a message with the full table.
		InboundEnvelope read = minimal.decode(spring);
		assertThat(read.headers()).containsAllEntriesOf(Map.of("x-message-id", "id-1", "x-correlation-id", "corr-1",
				"x-reply-to", "bridge.reply.1", "x-source", "mmate-java", "tenant", "acme"));
	}

	@Test
	void minimalHeaderTableKeepsThePartitionKeysAnEventIsHashedBy() {
		OutboundEnvelope event = new OutboundEnvelope("id-2", "Tagged", MessageKind.EVENT, NOW,
				new Tagged("agg-1", null, null, null, null, "n"), null, PublishOptions.defaults().withCorrelationId("c"));
		assertThat(new EnvelopeCodec(this.json, HeaderTable.MINIMAL, WireHeaders.AGGREGATE_ID)
			.encodeForPublishing(event)
			.properties()
			.getHeaders()).containsOnlyKeys("x-message-type", "x-message-kind", "x-aggregate-id");
		// A partition key header configured to another wire header is kept too.
		assertThat(new EnvelopeCodec(this.json, HeaderTable.MINIMAL, WireHeaders.CORRELATION_ID)
			.encodeForPublishing(event)
			.properties()
			.getHeaders()).containsOnlyKeys("x-message-type", "x-message-kind", "x-aggregate-id", "x-correlation-id")
			.containsEntry("x-aggregate-id", "agg-1");
	}

	private String body(io.mmate.Message message, PublishOptions options) {
		MessageKind kind = (message instanceof Event) ? MessageKind.EVENT : MessageKind.COMMAND;
		return new String(this.codec.encode(new OutboundEnvelope("id-1", message.getClass().getSimpleName(), kind, NOW,
				message, "shipping", options)).getBody());
	}

	record Shipment(String shipmentId, Map<String, Object> attributes, JsonNode tree) implements Command {
	}

	record Tagged(String aggregateId, String source, String id, String type, String timestamp, String note)
			implements Event {

		@Override
		public long sequence() {
			return 7;
		}

	}

}
