package io.mmate.consume;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
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
import io.mmate.retry.DeadLetterPublisher;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

/**
 * Turns each delivery of the service queue into exactly one outcome: handled (reply if asked, then ack), or failed
 * or rejected (error reply if asked, dead letter, then ack). Nothing is requeued, except a message whose dead letter
 * the broker did not confirm, so that it is not lost.
 */
public class ServiceQueueListener implements ChannelAwareMessageListener {

	/** Reason code of a dead letter whose handler threw. */
	public static final String HANDLER_FAILED = "handler-failed";

	private static final Log logger = LogFactory.getLog(ServiceQueueListener.class);

	private final ListenerSettings settings;

	private final EnvelopeCodec codec;

	private final Dispatcher dispatcher;

	private final MessagePublisher publisher;

	private final DeadLetterPublisher deadLetters;

	private final Duration confirmTimeout;

	/**
	 * Create a listener for one service queue.
	 * @param settings the queue and acknowledge mode
	 * @param codec the envelope codec
	 * @param dispatcher the dispatcher
	 * @param publisher the publisher for replies
	 * @param deadLetters the dead-letter publisher, or {@code null} to reject failed messages instead
	 * @param confirmTimeout how long to wait for a reply's or dead letter's confirm before acking
	 */
	public ServiceQueueListener(ListenerSettings settings, EnvelopeCodec codec, Dispatcher dispatcher,
			MessagePublisher publisher, DeadLetterPublisher deadLetters, Duration confirmTimeout) {
		this.settings = settings;
		this.codec = codec;
		this.dispatcher = dispatcher;
		this.publisher = publisher;
		this.deadLetters = deadLetters;
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
			deadLetter(message, channel, deliveryTag, HANDLER_FAILED, "Unexpected failure on queue '"
					+ this.settings.queue() + "': " + ex, ex);
		}
	}

	private void handle(Message message, Channel channel, long deliveryTag) throws Exception {
		InboundEnvelope envelope;
		try {
			envelope = this.codec.decode(message);
		}
		catch (UndecodableMessageException ex) {
			deadLetter(message, channel, deliveryTag, Dispatcher.UNDECODABLE,
					ex.getMessage() + " (queue '" + this.settings.queue() + "')", ex);
			return;
		}
		Outcome outcome = this.dispatcher.dispatch(envelope, this.settings.queue(),
				Boolean.TRUE.equals(message.getMessageProperties().isRedelivered()));
		if (outcome instanceof Outcome.Handled handled) {
			reply(envelope, handled.result());
			ack(channel, deliveryTag);
		}
		else if (outcome instanceof Outcome.Failed failed) {
			Throwable error = failed.error();
			String description = "Handler for message type '" + envelope.type() + "' on queue '"
					+ this.settings.queue() + "' failed: " + error;
			reply(envelope, ErrorReply.of("HANDLER_FAILED",
					(error.getMessage() != null) ? error.getMessage() : error.getClass().getName()));
			deadLetter(message, channel, deliveryTag, HANDLER_FAILED, description, error);
		}
		else if (outcome instanceof Outcome.Rejected rejected) {
			reply(envelope, ErrorReply.of(rejected.reason().toUpperCase(Locale.ROOT).replace('-', '_'),
					rejected.description()));
			deadLetter(message, channel, deliveryTag, rejected.reason(), rejected.description(), rejected.cause());
		}
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
			await(this.publisher.sendReply(reply, envelope.replyTo(), options));
		}
		catch (Exception ex) {
			// The work is done; a requester that went away must not make us redo it.
			logger.warn("Could not send the reply to message '" + envelope.id() + "' of type '" + envelope.type()
					+ "' to '" + envelope.replyTo() + "': " + ex.getMessage());
		}
	}

	private void deadLetter(Message message, Channel channel, long deliveryTag, String reason, String description,
			Throwable error) throws Exception {
		if (this.deadLetters == null) {
			logger.warn("Rejecting a message from queue '" + this.settings.queue() + "' (" + reason + "): "
					+ description + " (mmate.dead-letter.enabled=false)");
			if (this.settings.acknowledgeMode() == AcknowledgeMode.AFTER_HANDLER) {
				channel.basicReject(deliveryTag, false);
			}
			return;
		}
		logger.warn("Dead-lettering a message from queue '" + this.settings.queue() + "' (" + reason + "): "
				+ description);
		try {
			await(this.deadLetters.publish(message, this.settings.queue(), reason, description, error));
		}
		catch (Exception ex) {
			logger.error("Could not dead-letter a message from queue '" + this.settings.queue()
					+ "'; returning it to the queue so that it is not lost: " + ex.getMessage(), ex);
			if (this.settings.acknowledgeMode() == AcknowledgeMode.AFTER_HANDLER) {
				channel.basicNack(deliveryTag, false, true);
			}
			return;
		}
		ack(channel, deliveryTag);
	}

	private void ack(Channel channel, long deliveryTag) throws Exception {
		if (this.settings.acknowledgeMode() == AcknowledgeMode.AFTER_HANDLER) {
			channel.basicAck(deliveryTag, false);
		}
	}

	private void await(CompletableFuture<?> future) throws Exception {
		try {
			future.get(this.confirmTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("No confirm within " + this.confirmTimeout, ex);
		}
	}

}
