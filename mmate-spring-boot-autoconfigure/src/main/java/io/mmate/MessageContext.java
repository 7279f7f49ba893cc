package io.mmate;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The delivery a handler is working on: its envelope metadata and a way to publish or reply. Declare it as a
 * parameter of an {@link MmateHandler} method to receive it.
 */
public interface MessageContext {

	/**
	 * The message id from the envelope.
	 * @return the message id
	 */
	String messageId();

	/**
	 * The message type name from the envelope.
	 * @return the type name
	 */
	String messageType();

	/**
	 * The message kind, from the {@code x-message-kind} header or the handler's type.
	 * @return the kind
	 */
	MessageKind kind();

	/**
	 * The correlation id that links requests and replies.
	 * @return the correlation id, or {@code null}
	 */
	String correlationId();

	/**
	 * Where a reply should go: {@code payload.replyTo}, else the envelope's or the AMQP property's.
	 * @return the reply queue name, or {@code null} when no reply is wanted
	 */
	String replyTo();

	/**
	 * When the message was created.
	 * @return the envelope timestamp, or {@code null} when it had none
	 */
	Instant timestamp();

	/**
	 * The AMQP headers merged with the envelope headers, values as {@code String}, {@code Long} or
	 * {@code Boolean}.
	 * @return an unmodifiable view of the headers
	 */
	Map<String, Object> headers();

	/**
	 * One header as text.
	 * @param name the header name
	 * @return its value as a string, or {@code null} when absent
	 */
	default String header(String name) {
		Object value = headers().get(name);
		return (value != null) ? value.toString() : null;
	}

	/**
	 * Whether the broker delivered this message before.
	 * @return the redelivered flag
	 */
	boolean redelivered();

	/**
	 * The queue the message was consumed from.
	 * @return the queue name
	 */
	String queue();

	/**
	 * A publisher for messages sent while handling this one.
	 * @return the publisher
	 */
	MessagePublisher publisher();

	/**
	 * Send a reply to this message's reply address with its correlation id, instead of returning one.
	 * @param reply the reply
	 * @return completes when the broker confirms the reply; fails with a {@link PublishException}, without sending,
	 * when replies may not go to the address (see {@code mmate.replies.allowed-addresses})
	 * @throws IllegalStateException if the message has no reply address
	 */
	CompletableFuture<PublishReceipt> reply(Reply reply);

}
