package io.mmate.test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.mmate.ErrorReplyException;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.InboundEnvelope;
import io.mmate.envelope.UndecodableMessageException;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.core.Message;

/**
 * The application's requests that wait for their replies in the harness, by correlation id, completed the way the
 * starter's request/reply bridge completes them: a reply that says {@code success: false} fails the request with an
 * {@link ErrorReplyException} carrying its error code and message, any other is bound to the requested reply class.
 */
final class PendingReplies {

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	private final EnvelopeCodec codec;

	PendingReplies(EnvelopeCodec codec) {
		this.codec = codec;
	}

	<R> CompletableFuture<R> register(String correlationId, String type, Class<R> replyType) {
		CompletableFuture<R> future = new CompletableFuture<>();
		this.pending.put(correlationId, new Pending(type, replyType, future));
		return future;
	}

	boolean isPending(String correlationId) {
		return this.pending.containsKey(correlationId);
	}

	void failed(String correlationId, Throwable error) {
		Pending request = this.pending.remove(correlationId);
		if (request != null) {
			request.completion().completeExceptionally(error);
		}
	}

	/**
	 * Complete the request a reply answers; a reply that answers none is ignored, as the bridge drops it.
	 * @param reply the reply as it went on the wire
	 */
	void replied(Message reply) {
		InboundEnvelope envelope;
		try {
			envelope = this.codec.decode(reply);
		}
		catch (UndecodableMessageException ex) {
			return;
		}
		Pending request = (envelope.correlationId() != null) ? this.pending.remove(envelope.correlationId()) : null;
		if (request == null) {
			return;
		}
		JsonNode success = field(envelope.payload(), "success");
		if (success != null && !success.asBoolean(true)) {
			String message = text(field(envelope.payload(), "errorMessage"));
			request.completion().completeExceptionally(new ErrorReplyException(request.type(),
					text(field(envelope.payload(), "errorCode")),
					(message != null) ? message : text(field(envelope.payload(), "error"))));
			return;
		}
		try {
			request.completion().complete(this.codec.readPayload(envelope, request.replyType()));
		}
		catch (UndecodableMessageException ex) {
			request.completion().completeExceptionally(ex);
		}
	}

	void clear() {
		this.pending.clear();
	}

	private static JsonNode field(JsonNode payload, String name) {
		for (Map.Entry<String, JsonNode> field : payload.properties()) {
			if (field.getKey().equalsIgnoreCase(name)) {
				return field.getValue();
			}
		}
		return null;
	}

	private static String text(JsonNode value) {
		return (value != null && value.isString() && !value.stringValue().isEmpty()) ? value.stringValue() : null;
	}

	@SuppressWarnings("unchecked")
	private record Pending(String type, Class<?> replyType, CompletableFuture<?> future) {

		CompletableFuture<Object> completion() {
			return (CompletableFuture<Object>) this.future;
		}

	}

}
