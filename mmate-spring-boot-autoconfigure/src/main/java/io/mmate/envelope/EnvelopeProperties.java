package io.mmate.envelope;

import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import com.rabbitmq.client.AMQP;
import io.mmate.PublishOptions;

import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

/**
 * The AMQP properties of an outgoing Mmate envelope, and the one place they are built: the codec starts them from the
 * envelope it writes, the scheduler adds its control headers to them on the way to the delay, and the relay starts
 * them from the delayed copy to deliver it when due. Mutable and not thread-safe: adjust, then {@link #build()}.
 *
 * <p>The user id and cluster id are never set: the broker checks a user id against the publishing connection.
 */
public final class EnvelopeProperties {

	static final String CONTENT_TYPE = "application/json";

	private final String contentType;

	private final String contentEncoding;

	private final Map<String, Object> headers;

	private final Integer deliveryMode;

	private final Integer priority;

	private final String correlationId;

	private final String replyTo;

	private String expiration;

	private final String messageId;

	private final Date timestamp;

	private final String type;

	private final String appId;

	private EnvelopeProperties(String contentType, String contentEncoding, Map<String, Object> headers,
			Integer deliveryMode, Integer priority, String correlationId, String replyTo, String expiration,
			String messageId, Date timestamp, String type, String appId) {
		this.contentType = contentType;
		this.contentEncoding = contentEncoding;
		this.headers = headers;
		this.deliveryMode = deliveryMode;
		this.priority = priority;
		this.correlationId = correlationId;
		this.replyTo = replyTo;
		this.expiration = expiration;
		this.messageId = messageId;
		this.timestamp = timestamp;
		this.type = type;
		this.appId = appId;
	}

	/**
	 * The properties of an envelope being written, with the headers it also carries in its body.
	 * @param out the envelope
	 * @param headers its headers, owned from now on
	 * @return the properties
	 */
	static EnvelopeProperties of(OutboundEnvelope out, Map<String, Object> headers) {
		PublishOptions options = out.options();
		return new EnvelopeProperties(CONTENT_TYPE, null, headers, options.persistent() ? 2 : 1, options.priority(),
				hasText(options.correlationId()) ? options.correlationId() : null,
				hasText(options.replyTo()) ? options.replyTo() : null,
				(options.ttl() != null) ? Long.toString(options.ttl().toMillis()) : null, out.id(),
				Date.from(out.timestamp().truncatedTo(ChronoUnit.SECONDS)), out.type(), null);
	}

	/**
	 * A copy of encoded properties, to adjust before publishing them elsewhere.
	 * @param encoded the properties of an encoded envelope
	 * @return the copy
	 */
	public static EnvelopeProperties copyOf(AMQP.BasicProperties encoded) {
		return new EnvelopeProperties(encoded.getContentType(), encoded.getContentEncoding(),
				mutableCopy(encoded.getHeaders()), encoded.getDeliveryMode(), encoded.getPriority(),
				encoded.getCorrelationId(), encoded.getReplyTo(), encoded.getExpiration(), encoded.getMessageId(),
				encoded.getTimestamp(), encoded.getType(), encoded.getAppId());
	}

	/**
	 * A copy of the properties of a delivered envelope, to publish it on: persistent unless it was delivered
	 * non-persistent.
	 * @param received the properties of the delivery
	 * @return the copy
	 */
	public static EnvelopeProperties copyOfReceived(MessageProperties received) {
		MessageDeliveryMode deliveryMode = (received.getReceivedDeliveryMode() != null)
				? received.getReceivedDeliveryMode() : MessageDeliveryMode.PERSISTENT;
		return new EnvelopeProperties(received.getContentType(), received.getContentEncoding(),
				mutableCopy(received.getHeaders()), MessageDeliveryMode.toInt(deliveryMode), received.getPriority(),
				received.getCorrelationId(), received.getReplyTo(), received.getExpiration(),
				received.getMessageId(), received.getTimestamp(), received.getType(), received.getAppId());
	}

	/**
	 * The value of a header.
	 * @param name the header name
	 * @return its value, or {@code null}
	 */
	public Object getHeader(String name) {
		return this.headers.get(name);
	}

	/**
	 * Set a header, replacing any value it had.
	 * @param name the header name
	 * @param value the value
	 * @return these properties
	 */
	public EnvelopeProperties setHeader(String name, Object value) {
		this.headers.put(name, value);
		return this;
	}

	/**
	 * Remove headers.
	 * @param names which header names to remove
	 * @return these properties
	 */
	public EnvelopeProperties removeHeaders(Predicate<String> names) {
		this.headers.keySet().removeIf(names);
		return this;
	}

	/**
	 * The message's time to live.
	 * @return milliseconds as text, or {@code null}
	 */
	public String getExpiration() {
		return this.expiration;
	}

	/**
	 * Set the message's time to live.
	 * @param expiration milliseconds as text, or {@code null} for none
	 * @return these properties
	 */
	public EnvelopeProperties setExpiration(String expiration) {
		this.expiration = expiration;
		return this;
	}

	/**
	 * The properties for the RabbitMQ client, header values converted to what an AMQP field table holds.
	 * @return the properties
	 */
	public AMQP.BasicProperties build() {
		// The constructor rather than the client's builder, to allocate one object less per published message.
		return new AMQP.BasicProperties(this.contentType, this.contentEncoding, AmqpHeaderValues.convert(this.headers),
				this.deliveryMode, this.priority, this.correlationId, this.replyTo, this.expiration, this.messageId,
				this.timestamp, this.type, null, this.appId, null);
	}

	/**
	 * The same properties for Spring AMQP, header values as they are.
	 * @return the properties
	 */
	MessageProperties buildMessageProperties() {
		MessageProperties properties = new MessageProperties();
		properties.setContentType(this.contentType);
		properties.setContentEncoding(this.contentEncoding);
		if (this.deliveryMode != null) {
			properties.setDeliveryMode(MessageDeliveryMode.fromInt(this.deliveryMode));
		}
		if (this.priority != null) {
			properties.setPriority(this.priority);
		}
		properties.setCorrelationId(this.correlationId);
		properties.setReplyTo(this.replyTo);
		properties.setExpiration(this.expiration);
		properties.setMessageId(this.messageId);
		properties.setTimestamp(this.timestamp);
		properties.setType(this.type);
		properties.setAppId(this.appId);
		this.headers.forEach(properties::setHeader);
		return properties;
	}

	private static Map<String, Object> mutableCopy(Map<String, Object> headers) {
		return (headers != null) ? new HashMap<>(headers) : new HashMap<>();
	}

	private static boolean hasText(String value) {
		return value != null && !value.isEmpty();
	}

}
