package io.mmate.connection;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.impl.LongStringHelper;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.MessageProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClientCharsetPropertiesConverter}.
 */
class ClientCharsetPropertiesConverterTests {

	private final ClientCharsetPropertiesConverter converter = new ClientCharsetPropertiesConverter();

	private final Envelope envelope = new Envelope(7, false, "mmate.commands", "cmd.orders.PlaceOrder");

	@Test
	void utf8HeadersReadTheSameWhateverTheSpellingOfTheCharset() {
		AMQP.BasicProperties properties = withHeader("Grüße, 東京");
		for (String spelling : new String[] { "UTF-8", "utf-8", "UTF8" }) {
			MessageProperties converted = this.converter.toMessageProperties(properties, this.envelope, spelling);
			assertThat(converted.getHeaders()).containsEntry("x-source", "Grüße, 東京");
			assertThat(converted.getDeliveryTag()).isEqualTo(7);
			assertThat(converted.getReceivedRoutingKey()).isEqualTo("cmd.orders.PlaceOrder");
		}
	}

	@Test
	void anotherCharsetIsPassedOn() {
		MessageProperties converted = this.converter.toMessageProperties(withHeader("Grüße"), this.envelope,
				"ISO-8859-1");
		// The UTF-8 bytes read as Latin-1: the caller's charset was used, not UTF-8.
		assertThat(converted.getHeaders().get("x-source"))
			.isEqualTo(new String("Grüße".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
	}

	@Test
	void propertiesToSendConvertAsSpringAmqpConvertsThem() {
		MessageProperties properties = new MessageProperties();
		properties.setMessageId("m-1");
		properties.setHeader("x-message-type", "PlaceOrder");
		AMQP.BasicProperties converted = this.converter.fromMessageProperties(properties, "UTF-8");
		assertThat(converted.getMessageId()).isEqualTo("m-1");
		assertThat(converted.getHeaders()).containsEntry("x-message-type", "PlaceOrder");
	}

	private static AMQP.BasicProperties withHeader(String value) {
		return new AMQP.BasicProperties.Builder()
			.headers(Map.of("x-source", LongStringHelper.asLongString(value.getBytes(StandardCharsets.UTF_8))))
			.build();
	}

}
