package io.mmate.dispatch;

import java.util.List;

import io.mmate.DeadLetterReason;
import io.mmate.MessageContext;
import io.mmate.MessageInterceptor;
import io.mmate.MessageKind;
import io.mmate.MessagePublisher;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.InboundEnvelope;
import io.mmate.envelope.UndecodableMessageException;

/**
 * Finds the handler of a decoded message, binds its payload and calls it through the interceptor chain. It never
 * throws: every result is an {@link Outcome} that the caller turns into an ack, a reply or a dead letter.
 */
public class Dispatcher {

	private final HandlerRegistry handlers;

	private final EnvelopeCodec codec;

	private final List<MessageInterceptor> interceptors;

	private final MessagePublisher publisher;

	/**
	 * Create a dispatcher.
	 * @param handlers the handlers
	 * @param codec the codec that binds payloads
	 * @param interceptors the interceptors, outermost first
	 * @param publisher the publisher handed to handlers through their context
	 */
	public Dispatcher(HandlerRegistry handlers, EnvelopeCodec codec, List<MessageInterceptor> interceptors,
			MessagePublisher publisher) {
		this.handlers = handlers;
		this.codec = codec;
		this.interceptors = List.copyOf(interceptors);
		this.publisher = publisher;
	}

	/**
	 * Dispatch one message.
	 * @param envelope the decoded envelope
	 * @param queue the queue it came from
	 * @param redelivered whether the broker delivered it before
	 * @return the outcome
	 */
	public Outcome dispatch(InboundEnvelope envelope, String queue, boolean redelivered) {
		HandlerDefinition handler = this.handlers.find(envelope.type());
		if (handler == null) {
			return new Outcome.Rejected(DeadLetterReason.NO_HANDLER, "No handler for message type '" + envelope.type()
					+ "' on queue '" + queue + "'", null);
		}
		Object payload;
		try {
			payload = this.codec.readPayload(envelope, handler.payloadType());
		}
		catch (UndecodableMessageException ex) {
			return new Outcome.Rejected(DeadLetterReason.UNDECODABLE, ex.getMessage() + " (queue '" + queue + "')", ex,
					handler.failureReplyType());
		}
		MessageKind kind = (envelope.kind() != null) ? envelope.kind() : handler.kind();
		MessageContext context = new DeliveryContext(envelope, kind, queue, redelivered, this.publisher);
		try {
			return new Outcome.Handled(proceed(0, payload, context, handler));
		}
		catch (Exception ex) {
			return new Outcome.Failed(ex, handler.failureReplyType());
		}
	}

	private Object proceed(int index, Object message, MessageContext context, HandlerDefinition handler)
			throws Exception {
		if (index == this.interceptors.size()) {
			return handler.handler().handle(message, context);
		}
		return this.interceptors.get(index)
			.intercept(message, context, (next) -> proceed(index + 1, next, context, handler));
	}

	/**
	 * The correlation id a reply to this envelope carries: the request's correlation id, else its message id.
	 * @param envelope the request
	 * @return the correlation id
	 */
	public static String replyCorrelationId(InboundEnvelope envelope) {
		return (envelope.correlationId() != null) ? envelope.correlationId() : envelope.id();
	}

}
