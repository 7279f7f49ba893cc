package io.mmate.listener;

import io.mmate.dispatch.Dispatcher;
import io.mmate.dispatch.Outcome;
import io.mmate.envelope.InboundEnvelope;
import org.slf4j.MDC;

/**
 * Hands a decoded delivery to its handler with the message's ids in the logging MDC, and notes the type the delivery
 * was handled as.
 */
final class HandlerInvocation {

	private final Dispatcher dispatcher;

	private final String queue;

	HandlerInvocation(Dispatcher dispatcher, String queue) {
		this.dispatcher = dispatcher;
		this.queue = queue;
	}

	Outcome invoke(Delivery delivery) {
		InboundEnvelope envelope = delivery.envelope();
		Outcome outcome;
		// put and remove rather than MDC.putCloseable: no closeable object per key and message.
		MDC.put(DeliveryListener.MDC_MESSAGE_ID, envelope.id());
		MDC.put(DeliveryListener.MDC_CORRELATION_ID, envelope.correlationId());
		try {
			outcome = this.dispatcher.dispatch(envelope, this.queue, delivery.redelivered(), delivery.arrival());
		}
		finally {
			MDC.remove(DeliveryListener.MDC_CORRELATION_ID);
			MDC.remove(DeliveryListener.MDC_MESSAGE_ID);
		}
		if (!(outcome instanceof Outcome.Rejected)) {
			delivery.handledAs(envelope.type());
		}
		return outcome;
	}

}
