package io.mmate.envelope;

import java.nio.charset.StandardCharsets;

import io.mmate.connection.InboundSafety;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for what {@link EnvelopeCodec} refuses to decode because the message could not be answered, forwarded or
 * dead-lettered as it is: values too long for the AMQP short strings they become, and headers the connection removed.
 */
class EnvelopeReaderLimitsTests {

	private final EnvelopeCodec codec = new EnvelopeCodec(JsonMapper.builder().build());

	@Test
	void valuesOfExactlyAShortStringAreRead() {
		String longest = "é".repeat(127) + "x";
		InboundEnvelope envelope = this.codec.decode(delivery(body(longest, longest, longest, longest),
				new MessageProperties()));
		assertThat(envelope.id()).isEqualTo(longest);
		assertThat(envelope.type()).isEqualTo(longest);
		assertThat(envelope.correlationId()).isEqualTo(longest);
		assertThat(envelope.replyTo()).isEqualTo(longest);
	}

	@Test
	void messageIdLongerThanAShortStringIsUndecodable() {
		assertUndecodable(body("m".repeat(256), "T", "c", "r"), "The message id is 256 bytes long (UTF-8)");
	}

	@Test
	void typeLongerThanAShortStringIsUndecodable() {
		assertUndecodable(body("m", "€".repeat(86), "c", "r"), "The message type is 258 bytes long (UTF-8)");
	}

	@Test
	void correlationIdOfAMegabyteIsUndecodableWithoutQuotingIt() {
		String correlationId = "c".repeat(1_000_000);
		assertThatExceptionOfType(UndecodableMessageException.class)
			.isThrownBy(() -> this.codec.decode(delivery(body("m", "T", correlationId, "r"), new MessageProperties())))
			.withMessage("The correlation id is 1000000 bytes long (UTF-8), more than the 255 of an AMQP short string");
	}

	@Test
	void replyAddressInThePayloadLongerThanAShortStringIsUndecodable() {
		// The reply address is read, and its length checked, where every place it can come from is known.
		assertThatExceptionOfType(UndecodableMessageException.class)
			.isThrownBy(() -> this.codec.decode(delivery(body("m", "T", "c", "r".repeat(300)),
					new MessageProperties())))
			.withMessageContaining("in payload 'replyTo' is 300 UTF-8 bytes long");
	}

	@Test
	void replyAddressInTheAmqpPropertyIsCheckedToo() {
		MessageProperties properties = new MessageProperties();
		properties.setReplyTo("q".repeat(256));
		assertThatExceptionOfType(UndecodableMessageException.class)
			.isThrownBy(() -> this.codec.decode(delivery("{\"type\":\"T\",\"payload\":{}}", properties)))
			.withMessageContaining("is 256 UTF-8 bytes long");
	}

	@Test
	void headersTheConnectionRemovedMakeTheMessageUndecodable() {
		MessageProperties properties = new MessageProperties();
		properties.setHeader(InboundSafety.INVALID_HEADERS,
				"AMQP header table of 70014 bytes nested deeper than 32 levels; removed on arrival");
		assertThatExceptionOfType(UndecodableMessageException.class)
			.isThrownBy(() -> this.codec.decode(delivery(body("m", "T", "c", "r"), properties)))
			.withMessage("AMQP header table of 70014 bytes nested deeper than 32 levels; removed on arrival");
	}

	@Test
	void aForgedNoteOfRemovedHeadersIsQuotedCut() {
		MessageProperties properties = new MessageProperties();
		properties.setHeader(InboundSafety.INVALID_HEADERS, "n".repeat(100_000));
		assertThatExceptionOfType(UndecodableMessageException.class)
			.isThrownBy(() -> this.codec.decode(delivery(body("m", "T", "c", "r"), properties)))
			.satisfies((ex) -> assertThat(ex.getMessage()).hasSize(1000 + "… (100000 chars)".length()));
	}

	private void assertUndecodable(String body, String message) {
		assertThatExceptionOfType(UndecodableMessageException.class)
			.isThrownBy(() -> this.codec.decode(delivery(body, new MessageProperties())))
			.withMessageStartingWith(message);
	}

	private static String body(String id, String type, String correlationId, String replyTo) {
		return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"correlationId\":\"" + correlationId
				+ "\",\"headers\":{},\"payload\":{\"replyTo\":\"" + replyTo + "\"}}";
	}

	private static Message delivery(String body, MessageProperties properties) {
		return new Message(body.getBytes(StandardCharsets.UTF_8), properties);
	}

}
