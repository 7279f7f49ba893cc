package io.mmate.consume;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.mmate.MessagePublisher;
import io.mmate.PublishOptions;
import io.mmate.Reply;
import io.mmate.dispatch.Dispatcher;
import io.mmate.envelope.InboundEnvelope;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Sends a handler's reply to the request's reply address with its correlation id, and waits for the broker's confirm
 * before the request is acknowledged.
 */
final class ReplySender {

	private static final Log logger = LogFactory.getLog(ReplySender.class);

	private final MessagePublisher publisher;

	private final Duration confirmTimeout;

	ReplySender(MessagePublisher publisher, Duration confirmTimeout) {
		this.publisher = publisher;
		this.confirmTimeout = confirmTimeout;
	}

	void reply(InboundEnvelope envelope, Object result) {
		if (result == null || envelope.replyTo() == null) {
			return;
		}
		if (!(result instanceof Reply reply)) {
			logger.warn("Handler for message type '" + envelope.type() + "' returned a " + result.getClass().getName()
					+ ", which is not a Reply; nothing is sent");
			return;
		}
		PublishOptions options = PublishOptions.defaults()
			.withCorrelationId(Dispatcher.replyCorrelationId(envelope));
		try {
			this.publisher.sendReply(reply, envelope.replyTo(), options)
				.get(this.confirmTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			// The work is done; a requester that went away must not make us redo it.
			logger.warn("Could not send the reply to message '" + envelope.id() + "' of type '" + envelope.type()
					+ "' to '" + envelope.replyTo() + "': " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
