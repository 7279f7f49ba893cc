package io.mmate.envelope;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for decoding one message after another with the same codec, which keeps the type and timestamp texts of the
 * previous message rather than copy equal ones again.
 */
class EnvelopeCodecSuccessiveMessagesTests {

	private final EnvelopeCodec codec = new EnvelopeCodec(JsonMapper.builder().build());

	@Test
	void eachMessageHasItsOwnTypeAndTimestamp() {
		assertDecoded("OrderA", "2025-07-08T10:31:00Z");
		assertDecoded("OrderA", "2025-07-08T10:31:00Z");
		// The same lengths, other characters.
		assertDecoded("OrderB", "2025-07-08T10:31:01Z");
		assertDecoded("OrderA", "2025-07-08T10:31:00Z");
		assertDecoded("Order", "2025-07-08T10:31:00.5Z");
	}

	@Test
	void escapedTextIsComparedAsItReads() {
		assertDecoded("OrderA", "2025-07-08T10:31:00Z");
		InboundEnvelope escaped = decode("{\"type\": \"Order\\u0041\", \"timestamp\": \"2025-07-08T10:31:00\\u005A\", "
				+ "\"payload\": {}}");
		assertThat(escaped.type()).isEqualTo("OrderA");
		assertThat(escaped.timestamp()).isEqualTo(Instant.parse("2025-07-08T10:31:00Z"));
	}

	@Test
	void typeThatIsNotTextIsReadAsText() {
		assertDecoded("42", "2025-07-08T10:31:00Z");
		assertThat(decode("{\"type\": 42, \"payload\": {}}").type()).isEqualTo("42");
	}

	@Test
	void typeFromTheAmqpPropertyIsNotKeptForTheNextMessage() {
		MessageProperties properties = new MessageProperties();
		properties.setType("FromProperty");
		InboundEnvelope fromProperty = this.codec
			.decode(new Message("{\"payload\": {}}".getBytes(StandardCharsets.UTF_8), properties));
		assertThat(fromProperty.type()).isEqualTo("FromProperty");
		assertDecoded("FromBody", "2025-07-08T10:31:00Z");
	}

	private void assertDecoded(String type, String timestamp) {
		InboundEnvelope envelope = decode(
				"{\"type\": \"" + type + "\", \"timestamp\": \"" + timestamp + "\", \"payload\": {}}");
		assertThat(envelope.type()).isEqualTo(type);
		assertThat(envelope.timestamp()).isEqualTo(Instant.parse(timestamp));
	}

	private InboundEnvelope decode(String body) {
		return this.codec.decode(new Message(body.getBytes(StandardCharsets.UTF_8), new MessageProperties()));
	}

}
