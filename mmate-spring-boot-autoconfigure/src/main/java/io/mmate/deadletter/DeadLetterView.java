package io.mmate.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import io.mmate.envelope.WireHeaders;

/**
 * What an operator sees of one dead letter: its identity, the {@code x-mmate-*} headers that say why it failed and
 * where it came from, and the start of its body.
 *
 * @param messageId the message id
 * @param type the message type name
 * @param correlationId the correlation id, may be {@code null}
 * @param timestamp when the message was created, may be {@code null}
 * @param redelivered whether the broker has delivered it before, for example to an earlier listing
 * @param headers the {@code x-mmate-*} headers as text, by name
 * @param bodySize the size of the body in bytes
 * @param body the body as UTF-8 text, cut to {@value #MAX_BODY_PREVIEW} bytes
 * @param bodyTruncated whether {@code body} was cut
 */
public record DeadLetterView(String messageId, String type, String correlationId, Instant timestamp,
		boolean redelivered, SortedMap<String, String> headers, int bodySize, String body, boolean bodyTruncated) {

	/** Most bytes of a body shown: enough to recognise a message, small enough for a page of them. */
	public static final int MAX_BODY_PREVIEW = 2048;

	private static final String MMATE_HEADER_PREFIX = "x-mmate-";

	static DeadLetterView of(GetResponse response) {
		AMQP.BasicProperties properties = response.getProps();
		Map<String, Object> amqpHeaders = (properties.getHeaders() != null) ? properties.getHeaders() : Map.of();
		SortedMap<String, String> headers = new TreeMap<>();
		amqpHeaders.forEach((name, value) -> {
			if (name.startsWith(MMATE_HEADER_PREFIX) && value != null) {
				headers.put(name, text(value));
			}
		});
		String type = (properties.getType() != null) ? properties.getType()
				: textOrNull(amqpHeaders.get(WireHeaders.MESSAGE_TYPE));
		byte[] body = (response.getBody() != null) ? response.getBody() : new byte[0];
		int previewLength = previewLength(body);
		return new DeadLetterView(properties.getMessageId(), type, properties.getCorrelationId(),
				instant(properties.getTimestamp()), response.getEnvelope().isRedeliver(), headers, body.length,
				new String(body, 0, previewLength, StandardCharsets.UTF_8), previewLength < body.length);
	}

	private static int previewLength(byte[] body) {
		if (body.length <= MAX_BODY_PREVIEW) {
			return body.length;
		}
		int length = MAX_BODY_PREVIEW;
		// Cut before a UTF-8 continuation byte, so the preview never ends in half a character.
		while (length > 0 && (body[length] & 0xC0) == 0x80) {
			length--;
		}
		return length;
	}

	private static String text(Object value) {
		// A LongString's toString() is its UTF-8 text; numbers and booleans print as themselves.
		if (value instanceof byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		return (value instanceof Date date) ? date.toInstant().toString() : value.toString();
	}

	private static String textOrNull(Object value) {
		return (value != null) ? text(value) : null;
	}

	private static Instant instant(Date date) {
		return (date != null) ? date.toInstant() : null;
	}

}
