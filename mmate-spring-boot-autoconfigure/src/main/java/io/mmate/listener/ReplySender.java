package io.mmate.listener;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.mmate.MessagePublisher;
import io.mmate.PublishOptions;
import io.mmate.Reply;
import io.mmate.dispatch.Dispatcher;
import io.mmate.dispatch.ReplyAddressCheck;
import io.mmate.envelope.InboundEnvelope;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Sends a handler's reply to the request's reply address with its correlation id. The request is acknowledged once
 * the broker has confirmed the reply: after a successful handler without holding up the next delivery, after a
 * failure (an error reply) by waiting. A reply whose address the {@link ReplyAddressCheck} refuses is not sent.
 */
public final class ReplySender {

	private static final Log logger = LogFactory.getLog(ReplySender.class);

	private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

	private final MessagePublisher publisher;

	private final Duration confirmTimeout;

	private final ReplyAddressCheck addresses;

	/**
	 * Create the sender.
	 * @param publisher publishes the replies
	 * @param confirmTimeout how long to wait for an error reply's confirm
	 */
	public ReplySender(MessagePublisher publisher, Duration confirmTimeout) {
		this(publisher, confirmTimeout, ReplyAddressCheck.ANY);
	}

	/**
	 * Create the sender.
	 * @param publisher publishes the replies
	 * @param confirmTimeout how long to wait for an error reply's confirm
	 * @param addresses which reply addresses replies may go to
	 */
	public ReplySender(MessagePublisher publisher, Duration confirmTimeout, ReplyAddressCheck addresses) {
		this.publisher = publisher;
		this.confirmTimeout = confirmTimeout;
		this.addresses = addresses;
	}

	/**
	 * Send the reply, if the handler returned one and the request asked for it.
	 * @param envelope the request
	 * @param result what the handler returned
	 * @return completes, never exceptionally, once the broker has confirmed the reply or it could not be sent (which
	 * is logged); at once when nothing is sent
	 */
	CompletableFuture<Void> reply(InboundEnvelope envelope, Object result) {
		if (result == null || envelope.replyTo() == null) {
			return DONE;
		}
		if (!(result instanceof Reply reply)) {
			logger.warn("Handler for message type '" + envelope.type() + "' returned a " + result.getClass().getName()
					+ ", which is not a Reply; nothing is sent");
			return DONE;
		}
		if (!this.addresses.permits(envelope.replyTo(), envelope.type())) {
			return DONE;
		}
		PublishOptions options = PublishOptions.defaults()
			.withCorrelationId(Dispatcher.replyCorrelationId(envelope));
		CompletableFuture<?> confirm;
		try {
			confirm = this.publisher.sendReply(reply, envelope.replyTo(), options);
		}
		catch (RuntimeException ex) {
			confirm = CompletableFuture.failedFuture(ex);
		}
		return confirm.handle((receipt, ex) -> {
			if (ex != null) {
				// The work is done; a requester that went away must not make us redo it.
				logger.warn("Could not send the reply to message '" + envelope.id() + "' of type '" + envelope.type()
						+ "' to '" + envelope.replyTo() + "': " + ex.getMessage());
			}
			return null;
		});
	}

	/**
	 * Send the reply and wait for its confirm.
	 * @param envelope the request
	 * @param result what the handler returned
	 */
	void replyAndWait(InboundEnvelope envelope, Object result) {
		try {
			reply(envelope, result).get(this.confirmTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("No confirm of the reply to message '" + envelope.id() + "' of type '" + envelope.type()
					+ "' in time: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
