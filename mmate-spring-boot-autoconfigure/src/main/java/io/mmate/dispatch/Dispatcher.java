package io.mmate.dispatch;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.mmate.DeadLetterReason;
import io.mmate.MessageContext;
import io.mmate.MessageInterceptor;
import io.mmate.MessageKind;
import io.mmate.MessagePublisher;
import io.mmate.MessageValidationException;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.InboundEnvelope;
import io.mmate.envelope.PayloadTypes;
import io.mmate.envelope.UndecodableMessageException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Finds the handler of a decoded message, checks that the way the message arrived fits the handler's kind, binds its
 * payload, checks it when the handler asks for it, and calls the handler through the interceptor chain. It never
 * throws: every result is an {@link Outcome} that the caller turns into an ack, a reply or a dead letter.
 */
public class Dispatcher {

	private static final Log logger = LogFactory.getLog(Dispatcher.class);

	private final HandlerRegistry handlers;

	private final EnvelopeCodec codec;

	private final List<MessageInterceptor> interceptors;

	private final MessagePublisher publisher;

	private PayloadValidator validator;

	private ReplyAddressCheck replyAddresses = ReplyAddressCheck.ANY;

	private ArrivalCheck arrivals;

	private final AtomicBoolean warnedNoValidator = new AtomicBoolean();

	private final PayloadTypes payloadTypes;

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
		this.payloadTypes = (typeName) -> {
			HandlerDefinition handler = handlers.find(typeName);
			return (handler != null) ? handler.payloadType() : null;
		};
	}

	/**
	 * Set what checks the payloads of handlers whose message parameter is marked {@code @Valid}. Without one, such
	 * payloads reach their handler unchecked, which is logged once.
	 * @param validator the validator, or {@code null} for none
	 */
	public void setPayloadValidator(PayloadValidator validator) {
		this.validator = validator;
	}

	/**
	 * Set which reply addresses a handler's {@link MessageContext#reply} may send to.
	 * @param replyAddresses the check
	 */
	public void setReplyAddressCheck(ReplyAddressCheck replyAddresses) {
		this.replyAddresses = replyAddresses;
	}

	/**
	 * Set what decides whether a message's route fits its handler's kind, for messages dispatched with their
	 * {@link Arrival}.
	 * @param arrivals the check, or {@code null} for none
	 */
	public void setArrivalCheck(ArrivalCheck arrivals) {
		this.arrivals = arrivals;
	}

	/**
	 * The class each message type's payload binds to, for decoding that binds it while the body is read.
	 * @return the payload classes of the handlers
	 */
	public PayloadTypes payloadTypes() {
		return this.payloadTypes;
	}

	/**
	 * Dispatch one message without looking at how it arrived.
	 * @param envelope the decoded envelope
	 * @param queue the queue it came from
	 * @param redelivered whether the broker delivered it before
	 * @return the outcome
	 */
	public Outcome dispatch(InboundEnvelope envelope, String queue, boolean redelivered) {
		return dispatch(envelope, queue, redelivered, null);
	}

	/**
	 * Dispatch one message, refusing it when the way it arrived does not fit its handler's kind.
	 * @param envelope the decoded envelope
	 * @param queue the queue it came from
	 * @param redelivered whether the broker delivered it before
	 * @param arrival how it arrived, or {@code null} not to check
	 * @return the outcome
	 */
	public Outcome dispatch(InboundEnvelope envelope, String queue, boolean redelivered, Arrival arrival) {
		HandlerDefinition handler = this.handlers.find(envelope.type());
		if (handler == null) {
			return new Outcome.Rejected(DeadLetterReason.NO_HANDLER, "No handler for message type '" + envelope.type()
					+ "' on queue '" + queue + "'", null);
		}
		String mismatch = (arrival != null && this.arrivals != null)
				? this.arrivals.mismatch(handler, envelope.kind(), arrival) : null;
		if (mismatch != null) {
			return new Outcome.Rejected(DeadLetterReason.KIND_MISMATCH, mismatch + " (queue '" + queue + "')", null);
		}
		Object payload;
		try {
			payload = this.codec.readPayload(envelope, handler.payloadType());
		}
		catch (UndecodableMessageException ex) {
			return new Outcome.Rejected(DeadLetterReason.UNDECODABLE, ex.getMessage() + " (queue '" + queue + "')", ex,
					handler.failureReplyType());
		}
		MessageValidationException invalid = validate(handler, payload);
		if (invalid != null) {
			return new Outcome.Failed(invalid);
		}
		MessageKind kind = (envelope.kind() != null) ? envelope.kind() : handler.kind();
		MessageContext context = new DeliveryContext(envelope, kind, queue, redelivered, this.publisher,
				this.replyAddresses);
		try {
			return new Outcome.Handled(proceed(0, payload, context, handler));
		}
		catch (Exception ex) {
			return new Outcome.Failed(ex, handler.failureReplyType());
		}
	}

	private MessageValidationException validate(HandlerDefinition handler, Object payload) {
		if (!this.handlers.validatesPayloads(handler.typeName())) {
			return null;
		}
		if (this.validator == null) {
			if (this.warnedNoValidator.compareAndSet(false, true)) {
				logger.warn("Payloads of message type '" + handler.typeName() + "' are not validated although "
						+ handler.description() + " marks its parameter @Valid: the application has no Bean "
						+ "Validation Validator (add spring-boot-starter-validation)");
			}
			return null;
		}
		List<String> violations = this.validator.violations(payload);
		return violations.isEmpty() ? null : new MessageValidationException(handler.typeName(), violations);
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
