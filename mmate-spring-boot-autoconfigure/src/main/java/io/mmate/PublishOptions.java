package io.mmate;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one message is published, beyond what its kind decides. Immutable: every {@code with...} method returns a
 * copy. Start from {@link #defaults()}.
 *
 * <pre class="code">
 * publisher.publishEvent(event, PublishOptions.defaults().withTtl(Duration.ofMinutes(5)).withHeader("tenant", "a"));
 * </pre>
 */
public final class PublishOptions {

	private static final PublishOptions DEFAULTS = new PublishOptions(null, Map.of(), null, null, true, null, null,
			null);

	private final String routingKey;

	private final Map<String, Object> headers;

	private final Duration ttl;

	private final Integer priority;

	private final boolean persistent;

	private final String correlationId;

	private final String replyTo;

	private final String messageId;

	private PublishOptions(String routingKey, Map<String, Object> headers, Duration ttl, Integer priority,
			boolean persistent, String correlationId, String replyTo, String messageId) {
		this.routingKey = routingKey;
		this.headers = headers;
		this.ttl = ttl;
		this.priority = priority;
		this.persistent = persistent;
		this.correlationId = correlationId;
		this.replyTo = replyTo;
		this.messageId = messageId;
	}

	/**
	 * Persistent delivery, routing by kind, no TTL, no priority, a new message id.
	 * @return the default options
	 */
	public static PublishOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * Route with this key instead of the one the message kind derives.
	 * @param routingKey the routing key
	 * @return a copy with the routing key
	 */
	public PublishOptions withRoutingKey(String routingKey) {
		return new PublishOptions(routingKey, this.headers, this.ttl, this.priority, this.persistent,
				this.correlationId, this.replyTo, this.messageId);
	}

	/**
	 * Add a header, written to the AMQP headers and the envelope's {@code headers}.
	 * @param name the header name
	 * @param value a string, number or boolean
	 * @return a copy with the header
	 */
	public PublishOptions withHeader(String name, Object value) {
		Map<String, Object> copy = new LinkedHashMap<>(this.headers);
		copy.put(name, value);
		return new PublishOptions(this.routingKey, Collections.unmodifiableMap(copy), this.ttl, this.priority,
				this.persistent, this.correlationId, this.replyTo, this.messageId);
	}

	/**
	 * Expire the message if it is not consumed within this time (the AMQP {@code expiration} property).
	 * @param ttl the time to live, at least one millisecond
	 * @return a copy with the TTL
	 */
	public PublishOptions withTtl(Duration ttl) {
		if (ttl != null && ttl.toMillis() < 1) {
			throw new IllegalArgumentException("ttl must be at least 1 ms, was " + ttl);
		}
		return new PublishOptions(this.routingKey, this.headers, ttl, this.priority, this.persistent,
				this.correlationId, this.replyTo, this.messageId);
	}

	/**
	 * Set the AMQP priority; effective on queues declared with {@code x-max-priority}.
	 * @param priority 0 to 255
	 * @return a copy with the priority
	 */
	public PublishOptions withPriority(int priority) {
		if (priority < 0 || priority > 255) {
			throw new IllegalArgumentException("priority must be between 0 and 255, was " + priority);
		}
		return new PublishOptions(this.routingKey, this.headers, this.ttl, priority, this.persistent,
				this.correlationId, this.replyTo, this.messageId);
	}

	/**
	 * Choose persistent (delivery mode 2, the default) or transient (1) delivery.
	 * @param persistent whether the broker writes the message to disk on durable queues
	 * @return a copy with the delivery mode
	 */
	public PublishOptions withPersistent(boolean persistent) {
		return new PublishOptions(this.routingKey, this.headers, this.ttl, this.priority, persistent,
				this.correlationId, this.replyTo, this.messageId);
	}

	/**
	 * Set the correlation id, written to the envelope and the AMQP property.
	 * @param correlationId the correlation id
	 * @return a copy with the correlation id
	 */
	public PublishOptions withCorrelationId(String correlationId) {
		return new PublishOptions(this.routingKey, this.headers, this.ttl, this.priority, this.persistent,
				correlationId, this.replyTo, this.messageId);
	}

	/**
	 * Ask for a reply on this queue: written to {@code payload.replyTo} of commands and queries and to the AMQP
	 * {@code reply-to} property.
	 * @param replyTo the reply queue name
	 * @return a copy with the reply address
	 */
	public PublishOptions withReplyTo(String replyTo) {
		return new PublishOptions(this.routingKey, this.headers, this.ttl, this.priority, this.persistent,
				this.correlationId, replyTo, this.messageId);
	}

	/**
	 * Use this message id instead of a new UUID, for example to let idempotent receivers drop a re-sent message.
	 * @param messageId the message id
	 * @return a copy with the message id
	 */
	public PublishOptions withMessageId(String messageId) {
		return new PublishOptions(this.routingKey, this.headers, this.ttl, this.priority, this.persistent,
				this.correlationId, this.replyTo, messageId);
	}

	/** @return the routing key override, or {@code null} */
	public String routingKey() {
		return this.routingKey;
	}

	/** @return the extra headers, never {@code null} */
	public Map<String, Object> headers() {
		return this.headers;
	}

	/** @return the time to live, or {@code null} */
	public Duration ttl() {
		return this.ttl;
	}

	/** @return the priority, or {@code null} */
	public Integer priority() {
		return this.priority;
	}

	/** @return whether delivery is persistent */
	public boolean persistent() {
		return this.persistent;
	}

	/** @return the correlation id, or {@code null} */
	public String correlationId() {
		return this.correlationId;
	}

	/** @return the reply address, or {@code null} */
	public String replyTo() {
		return this.replyTo;
	}

	/** @return the message id, or {@code null} for a new one */
	public String messageId() {
		return this.messageId;
	}

}
