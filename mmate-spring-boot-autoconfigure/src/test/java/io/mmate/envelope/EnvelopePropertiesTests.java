package io.mmate.envelope;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import io.mmate.Command;
import io.mmate.MessageKind;
import io.mmate.PublishOptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EnvelopeProperties}: copies keep every property, and adjusting a copy leaves the original alone.
 */
class EnvelopePropertiesTests {

	private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");

	private final EnvelopeCodec codec = new EnvelopeCodec(JsonMapper.builder().build());

	@Test
	void copyOfEncodedPropertiesKeepsEveryPropertyAndLeavesTheOriginalAlone() {
		PublishOptions options = PublishOptions.defaults()
			.withCorrelationId("corr-1")
			.withReplyTo("bridge.reply.1")
			.withTtl(Duration.ofSeconds(30))
			.withPriority(5)
			.withHeader("tenant", "acme");
		AMQP.BasicProperties encoded = this.codec
			.encodeForPublishing(new OutboundEnvelope("id-1", "Chase", MessageKind.COMMAND, NOW, new Chase("c-1"),
					"billing", options))
			.properties();
		AMQP.BasicProperties copy = EnvelopeProperties.copyOf(encoded).build();
		assertThat(copy).usingRecursiveComparison().isEqualTo(encoded);
		assertThat(copy.getTimestamp()).isEqualTo(Date.from(Instant.parse("2026-01-02T03:04:05Z")));
		AMQP.BasicProperties adjusted = EnvelopeProperties.copyOf(encoded)
			.setHeader("x-extra", "1")
			.removeHeaders("tenant"::equals)
			.setExpiration(null)
			.build();
		assertThat(adjusted.getHeaders()).containsEntry("x-extra", "1").doesNotContainKey("tenant");
		assertThat(adjusted.getExpiration()).isNull();
		assertThat(encoded.getHeaders()).containsEntry("tenant", "acme").doesNotContainKey("x-extra");
		assertThat(encoded.getExpiration()).isEqualTo("30000");
	}

	@Test
	void copyOfReceivedPropertiesIsPersistentUnlessDeliveredNonPersistent() {
		MessageProperties received = new MessageProperties();
		received.setDeliveryMode(null);
		received.setMessageId("id-1");
		received.setType("Chase");
		received.setContentType("application/json");
		received.setHeader("x-message-type", "Chase");
		AMQP.BasicProperties copy = EnvelopeProperties.copyOfReceived(received).build();
		assertThat(copy.getDeliveryMode()).isEqualTo(2);
		assertThat(copy.getMessageId()).isEqualTo("id-1");
		assertThat(copy.getType()).isEqualTo("Chase");
		assertThat(copy.getContentType()).isEqualTo("application/json");
		assertThat(copy.getHeaders()).isEqualTo(Map.of("x-message-type", "Chase"));
		received.setReceivedDeliveryMode(MessageDeliveryMode.NON_PERSISTENT);
		assertThat(EnvelopeProperties.copyOfReceived(received).build().getDeliveryMode()).isEqualTo(1);
	}

	record Chase(String ref) implements Command {
	}

}
