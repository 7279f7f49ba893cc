package io.mmate.consume;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.Channel;
import io.mmate.ErrorReply;
import io.mmate.MessagePublisher;
import io.mmate.PublishOptions;
import io.mmate.Reply;
import io.mmate.dispatch.Dispatcher;
import io.mmate.dispatch.Outcome;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.InboundEnvelope;
import io.mmate.envelope.UndecodableMessageException;
import io.mmate.retry.AttemptsFailedException;
import io.mmate.retry.FailureHandler;
import io.mmate.retry.FailureHandler.Disposition;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

/**
 * Turns each delivery of the service queue into exactly one outcome: handled (reply if asked, then ack); failed
 * (redelivered later, or dead-lettered with an error reply if asked, then ack); or rejected before reaching a handler
 * (dead-lettered, then ack). Nothing is requeued, except a message whose redelivery or dead letter the broker did not
 * confirm, so that it is not lost.
 */
public class ServiceQueueListener implements ChannelAwareMessageListener {

	/** Reason code of a dead letter whose handler threw. */
	public static final String HANDLER_FAILED = "handler-failed";

	private static final Log logger = LogFactory.getLog(ServiceQueueListener.class);

	private final ListenerSettings settings;

	private final EnvelopeCodec codec;

	private final Dispatcher dispatcher;

	private final MessagePublisher publisher;

	private final FailureHandler failures;

	private final Duration confirmTimeout;

	/**
	 * Create a listener for one service queue.
	 * @param settings the queue and acknowledge mode
	 * @param codec the envelope codec
	 * @param dispatcher the dispatcher
	 * @param publisher the publisher for replies
	 * @param failures what to do with failed deliveries
	 * @param confirmTimeout how long to wait for a reply's confirm before acking
	 */
	public ServiceQueueListener(ListenerSettings settings, EnvelopeCodec codec, Dispatcher dispatcher,
			MessagePublisher publisher, FailureHandler failures, Duration confirmTimeout) {
		this.settings = settings;
		this.codec = codec;
		this.dispatcher = dispatcher;
		this.publisher = publisher;
		this.failures = failures;
		this.confirmTimeout = confirmTimeout;
	}

	@Override
	public void onMessage(Message message, Channel channel) throws Exception {
		long deliveryTag = message.getMessageProperties().getDeliveryTag();
		try {
			handle(message, channel, deliveryTag);
		}
		catch (Throwable ex) {
			// Nothing may escape to the container: it would leave the delivery unacknowledged until the channel closes.
			reject(message, channel, deliveryTag, null, HANDLER_FAILED,
					"Unexpected failure on queue '" + queue() + "': " + ex, ex);
		}
	}

	private void handle(Message message, Channel channel, long deliveryTag) throws Exception {
		InboundEnvelope envelope;
		try {
			envelope = this.codec.decode(message);
		}
		catch (UndecodableMessageException ex) {
			reject(message, channel, deliveryTag, null, Dispatcher.UNDECODABLE,
					ex.getMessage() + " (queue '" + queue() + "')", ex);
			return;
		}
		Outcome outcome = this.dispatcher.dispatch(envelope, queue(),
				Boolean.TRUE.equals(message.getMessageProperties().isRedelivered()));
		if (outcome instanceof Outcome.Handled handled) {
			reply(envelope, handled.result());
			ack(channel, deliveryTag);
		}
		else if (outcome instanceof Outcome.Failed failed) {
			handlerFailed(message, channel, deliveryTag, envelope, failed.error());
		}
		else if (outcome instanceof Outcome.Rejected rejected) {
			reject(message, channel, deliveryTag, envelope, rejected.reason(), rejected.description(),
					rejected.cause());
		}
	}

	private void handlerFailed(Message message, Channel channel, long deliveryTag, InboundEnvelope envelope,
			Throwable error) throws Exception {
		Throwable cause = (error instanceof AttemptsFailedException) ? error.getCause() : error;
		String description = "Handler for message type '" + envelope.type() + "' on queue '" + queue() + "' failed ("
				+ ((error instanceof AttemptsFailedException failed) ? failed.attempts() : 1) + " attempt(s)): "
				+ cause;
		Disposition disposition;
		try {
			disposition = this.failures.handlerFailed(message, queue(), envelope.type(), envelope.replyTo() != null,
					description, error);
		}
		catch (Exception ex) {
			requeue(channel, deliveryTag, ex);
			return;
		}
		log(disposition, description);
		if (disposition != Disposition.REDELIVERY_SCHEDULED) {
			reply(envelope, ErrorReply.of("HANDLER_FAILED",
					(cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getName()));
		}
		settle(channel, deliveryTag, disposition);
	}

	private void reject(Message message, Channel channel, long deliveryTag, InboundEnvelope envelope, String reason,
			String description, Throwable error) throws Exception {
		Disposition disposition;
		try {
			disposition = this.failures.rejected(message, queue(), reason, description, error);
		}
		catch (Exception ex) {
			requeue(channel, deliveryTag, ex);
			return;
		}
		log(disposition, description);
		if (envelope != null) {
			reply(envelope, ErrorReply.of(reason.toUpperCase(Locale.ROOT).replace('-', '_'), description));
		}
		settle(channel, deliveryTag, disposition);
	}

	private void reply(InboundEnvelope envelope, Object result) {
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

	private void log(Disposition disposition, String description) {
		switch (disposition) {
			case REDELIVERY_SCHEDULED -> logger.info("Redelivering later: " + description);
			case DEAD_LETTERED -> logger.warn("Dead-lettered to 'dlq." + queue() + "': " + description);
			case REJECTED -> logger.warn("Rejected (mmate.dead-letter.enabled=false): " + description);
		}
	}

	private void settle(Channel channel, long deliveryTag, Disposition disposition) throws Exception {
		if (this.settings.acknowledgeMode() != AcknowledgeMode.AFTER_HANDLER) {
			return;
		}
		if (disposition == Disposition.REJECTED) {
			channel.basicReject(deliveryTag, false);
		}
		else {
			channel.basicAck(deliveryTag, false);
		}
	}

	private void ack(Channel channel, long deliveryTag) throws Exception {
		if (this.settings.acknowledgeMode() == AcknowledgeMode.AFTER_HANDLER) {
			channel.basicAck(deliveryTag, false);
		}
	}

	private void requeue(Channel channel, long deliveryTag, Exception ex) throws Exception {
		logger.error("Could not move a failed message from queue '" + queue() + "' to its redelivery or dead-letter "
				+ "queue; returning it to the queue so that it is not lost: " + ex.getMessage(), ex);
		if (this.settings.acknowledgeMode() == AcknowledgeMode.AFTER_HANDLER) {
			channel.basicNack(deliveryTag, false, true);
		}
	}

	private String queue() {
		return this.settings.queue();
	}

}
