package io.mmate.test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.mmate.DeadLetterReason;
import io.mmate.MessageKind;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.InboundEnvelope;
import io.mmate.envelope.UndecodableMessageException;
import io.mmate.envelope.WireHeaders;
import io.mmate.failure.DeadLetterHeaders;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/**
 * One message the application sent through the harness (published, replied, scheduled) or that the harness
 * dead-lettered, as it went on the wire: where it went, its AMQP properties and headers, and its body, readable as the
 * Mmate envelope's payload, as a JSON tree or bound to a class by the application's own codec.
 */
public final class RecordedMessage {

	private final String exchange;

	private final String routingKey;

	private final MessageProperties properties;

	private final byte[] body;

	private final Instant dueAt;

	private final EnvelopeCodec codec;

	private final InboundEnvelope envelope;

	RecordedMessage(String exchange, String routingKey, Message message, Instant dueAt, EnvelopeCodec codec) {
		this.exchange = exchange;
		this.routingKey = routingKey;
		this.properties = message.getMessageProperties();
		this.body = message.getBody();
		this.dueAt = dueAt;
		this.codec = codec;
		this.envelope = decode(message, codec);
	}

	private static InboundEnvelope decode(Message message, EnvelopeCodec codec) {
		try {
			return codec.decode(message);
		}
		catch (UndecodableMessageException ex) {
			// A dead letter keeps the body it arrived with, which may be anything.
			return null;
		}
	}

	/**
	 * The exchange it was published to: {@code ""} for a reply, {@code mmate.dlx} for a dead letter.
	 * @return the exchange
	 */
	public String exchange() {
		return this.exchange;
	}

	/**
	 * The routing key: the reply address for a reply, {@code dlq.{queue}} for a dead letter.
	 * @return the routing key
	 */
	public String routingKey() {
		return this.routingKey;
	}

	/**
	 * The Mmate type name, such as {@code OrderPlacedEvent}.
	 * @return the type, from the envelope, else from the {@code x-message-type} header; {@code null} when neither
	 */
	public String type() {
		return (this.envelope != null) ? this.envelope.type() : header(WireHeaders.MESSAGE_TYPE);
	}

	/**
	 * The kind: event, command, query or reply.
	 * @return the kind, {@code null} when the message does not say
	 */
	public MessageKind kind() {
		if (this.envelope != null && this.envelope.kind() != null) {
			return this.envelope.kind();
		}
		String kind = header(WireHeaders.MESSAGE_KIND);
		return (kind != null) ? MessageKind.fromHeader(kind) : null;
	}

	/**
	 * The message id.
	 * @return the id
	 */
	public String messageId() {
		return (this.envelope != null) ? this.envelope.id() : this.properties.getMessageId();
	}

	/**
	 * The correlation id: a reply's is its request's.
	 * @return the correlation id, or {@code null}
	 */
	public String correlationId() {
		return (this.envelope != null) ? this.envelope.correlationId() : this.properties.getCorrelationId();
	}

	/**
	 * The reply address of a request.
	 * @return the reply address, or {@code null}
	 */
	public String replyTo() {
		return (this.envelope != null) ? this.envelope.replyTo() : this.properties.getReplyTo();
	}

	/**
	 * The AMQP headers.
	 * @return an unmodifiable copy
	 */
	public Map<String, Object> headers() {
		return Collections.unmodifiableMap(new LinkedHashMap<>(this.properties.getHeaders()));
	}

	/**
	 * One AMQP header as text.
	 * @param name the header
	 * @return its value as text, or {@code null} when absent
	 */
	public String header(String name) {
		Object value = this.properties.getHeaders().get(name);
		return (value != null) ? value.toString() : null;
	}

	/**
	 * The AMQP properties, headers included, as the application's publisher set them.
	 * @return the properties
	 */
	public MessageProperties properties() {
		return this.properties;
	}

	/**
	 * The body as sent.
	 * @return a copy of the bytes
	 */
	public byte[] body() {
		return this.body.clone();
	}

	/**
	 * The body as sent, as UTF-8 text.
	 * @return the text
	 */
	public String bodyAsString() {
		return new String(this.body, StandardCharsets.UTF_8);
	}

	/**
	 * Whether the body is a Mmate envelope the codec reads.
	 * @return {@code false} only for a dead letter of an undecodable message
	 */
	public boolean isDecodable() {
		return this.envelope != null;
	}

	/**
	 * The payload: the message's own fields, without the envelope.
	 * @return the payload as a JSON tree
	 * @throws IllegalStateException when the body is no Mmate envelope
	 */
	public JsonNode payload() {
		return decoded().payload();
	}

	/**
	 * The payload bound to a class, by the codec the application reads messages with.
	 * @param <T> the class
	 * @param type the class, for example the message's own record
	 * @return the bound payload
	 * @throws UndecodableMessageException when the payload does not bind
	 */
	public <T> T payloadAs(Class<T> type) {
		return this.codec.readPayload(decoded(), type);
	}

	/**
	 * When a scheduled message falls due, on the harness clock.
	 * @return the due time, {@code null} for a message that was not scheduled
	 */
	public Instant dueAt() {
		return this.dueAt;
	}

	/**
	 * Why a dead letter was dead-lettered, from its {@code x-mmate-dead-letter-reason} header.
	 * @return the reason, {@code null} for a message that is no dead letter
	 */
	public DeadLetterReason deadLetterReason() {
		String code = header(DeadLetterHeaders.REASON);
		if (code == null) {
			return null;
		}
		for (DeadLetterReason reason : DeadLetterReason.values()) {
			if (reason.code().equals(code)) {
				return reason;
			}
		}
		return null;
	}

	/**
	 * The message as the broker would deliver it again.
	 * @return a message with the recorded body and properties
	 */
	Message toMessage() {
		return new Message(this.body, this.properties);
	}

	private InboundEnvelope decoded() {
		if (this.envelope == null) {
			throw new IllegalStateException("The body of this message is no Mmate envelope: " + bodyAsString());
		}
		return this.envelope;
	}

	@Override
	public String toString() {
		return "RecordedMessage[type=" + type() + ", exchange='" + this.exchange + "', routingKey='" + this.routingKey
				+ "', messageId=" + messageId() + ((this.dueAt != null) ? ", dueAt=" + this.dueAt : "") + "]";
	}

}
