package io.mmate.consume;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import com.rabbitmq.client.Channel;
import io.mmate.ErrorReply;
import io.mmate.MessagePublisher;
import io.mmate.dispatch.Dispatcher;
import io.mmate.dispatch.Outcome;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.InboundEnvelope;
import io.mmate.envelope.UndecodableMessageException;
import io.mmate.retry.AttemptsFailedException;
import io.mmate.retry.CircuitBreaker;
import io.mmate.retry.FailureHandler;
import io.mmate.retry.FailureHandler.Disposition;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.mmate.metrics.HandleContext;
import io.mmate.metrics.MessagingEvents;
import io.mmate.metrics.MessagingObservationConventions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.MDC;

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

	/** Logging MDC key of the message id while a handler runs. */
	public static final String MDC_MESSAGE_ID = "mmate.messageId";

	/** Logging MDC key of the correlation id while a handler runs. */
	public static final String MDC_CORRELATION_ID = "mmate.correlationId";

	private static final String REQUEUED = "requeued";

	private static final MessagingObservationConventions.Handle CONVENTION =
			new MessagingObservationConventions.Handle();

	private static final Log logger = LogFactory.getLog(ServiceQueueListener.class);

	private final ListenerSettings settings;

	private final EnvelopeCodec codec;

	private final Dispatcher dispatcher;

	private final FailureHandler failures;

	private final ReplySender replies;

	private final Acknowledgements acknowledgements;

	private final CircuitBreaker breaker;

	private final InFlight acknowledging = new InFlight();

	private final ObservationRegistry observations;

	private final MessagingEvents events;

	/**
	 * Create a listener for one service queue.
	 * @param settings the queue and acknowledge mode
	 * @param codec the envelope codec
	 * @param dispatcher the dispatcher
	 * @param publisher the publisher for replies
	 * @param failures what to do with failed deliveries
	 * @param confirmTimeout how long to wait for an error reply's confirm before acking
	 * @param breaker the queue's circuit breaker, or {@code null} for none
	 * @param observations where deliveries are observed, {@link ObservationRegistry#NOOP} for nowhere
	 * @param events where in-flight counts, retries and dead letters are reported
	 */
	public ServiceQueueListener(ListenerSettings settings, EnvelopeCodec codec, Dispatcher dispatcher,
			MessagePublisher publisher, FailureHandler failures, Duration confirmTimeout, CircuitBreaker breaker,
			ObservationRegistry observations, MessagingEvents events) {
		this.settings = settings;
		this.codec = codec;
		this.dispatcher = dispatcher;
		this.failures = failures;
		this.replies = new ReplySender(publisher, confirmTimeout);
		this.acknowledgements = new Acknowledgements(settings);
		this.breaker = breaker;
		this.observations = observations;
		this.events = events;
	}

	@Override
	public void onMessage(Message message, Channel channel) throws Exception {
		long deliveryTag = message.getMessageProperties().getDeliveryTag();
		observeAndHandle(message, channel, deliveryTag);
	}

	private void observeAndHandle(Message message, Channel channel, long deliveryTag) {
		// The observation context is built only when something observes the delivery: without a registry it would be
		// a few hundred bytes per message that nobody reads.
		Observation observation = Observation
			.createNotStarted(null, CONVENTION,
					() -> new HandleContext(message.getMessageProperties().getHeaders(), queue()), this.observations)
			.start();
		Handling context = new Handling(observation.isNoop() ? null : (HandleContext) observation.getContext());
		this.events.handlingStarted(queue());
		try (Observation.Scope scope = observation.openScope()) {
			handle(message, channel, deliveryTag, context);
		}
		catch (Throwable ex) {
			// Nothing may escape to the container: it would leave the delivery unacknowledged until the channel closes.
			observation.error(ex);
			reject(message, channel, deliveryTag, null, HANDLER_FAILED,
					"Unexpected failure on queue '" + queue() + "': " + ex, ex, context);
		}
		finally {
			this.events.handlingFinished(queue());
			observation.stop();
		}
	}

	private void handle(Message message, Channel channel, long deliveryTag, Handling context)
			throws Exception {
		InboundEnvelope envelope;
		try {
			envelope = this.codec.decode(message);
		}
		catch (UndecodableMessageException ex) {
			reject(message, channel, deliveryTag, null, Dispatcher.UNDECODABLE,
					ex.getMessage() + " (queue '" + queue() + "')", ex, context);
			return;
		}
		context.setMessageId(envelope.id());
		if (this.breaker != null && !this.breaker.tryAcquire()) {
			// The breaker is open: leave the message in the queue while consumption pauses.
			context.setOutcome(REQUEUED);
			this.acknowledgements.requeue(channel, deliveryTag);
			return;
		}
		boolean redelivered = Boolean.TRUE.equals(message.getMessageProperties().isRedelivered());
		if (redelivered && this.settings.countedDeliveryLimit() > 0) {
			recordOutcome(false, true);
			countRedelivery(message, channel, deliveryTag, context);
			return;
		}
		Outcome outcome;
		// put and remove rather than MDC.putCloseable: no closeable object per key and message.
		MDC.put(MDC_MESSAGE_ID, envelope.id());
		try {
			MDC.put(MDC_CORRELATION_ID, envelope.correlationId());
			try {
				outcome = this.dispatcher.dispatch(envelope, queue(), redelivered);
			}
			finally {
				MDC.remove(MDC_CORRELATION_ID);
			}
		}
		finally {
			MDC.remove(MDC_MESSAGE_ID);
		}
		if (!(outcome instanceof Outcome.Rejected)) {
			context.setType(envelope.type());
		}
		if (outcome instanceof Outcome.Handled handled) {
			context.setOutcome("success");
			recordOutcome(true, false);
			ackWhenSent(this.replies.reply(envelope, handled.result()), channel, deliveryTag);
		}
		else if (outcome instanceof Outcome.Failed failed) {
			recordOutcome(false, this.failures.isPermanent(envelope.type(), failed.error()));
			handlerFailed(message, channel, deliveryTag, envelope, failed.error(), context);
		}
		else if (outcome instanceof Outcome.Rejected rejected) {
			recordOutcome(false, true);
			reject(message, channel, deliveryTag, envelope, rejected.reason(), rejected.description(),
					rejected.cause(), context);
		}
	}

	// The consumer goes on to the next delivery while the reply's confirm is on its way; the request is acknowledged
	// when it arrives.
	private void ackWhenSent(CompletableFuture<Void> replySent, Channel channel, long deliveryTag) {
		if (replySent.isDone()) {
			this.acknowledgements.ack(channel, deliveryTag);
			return;
		}
		this.acknowledging.enter();
		this.acknowledgements.hold(channel);
		replySent.whenComplete((done, ex) -> {
			try {
				this.acknowledgements.release(channel, deliveryTag);
			}
			finally {
				this.acknowledging.leave();
			}
		});
	}

	/**
	 * Wait until every request whose reply was sent has been acknowledged, then send every acknowledgement that is
	 * still gathered: before the channels close, so that nothing handled is delivered again.
	 * @param timeout how long to wait at most
	 * @return whether all were acknowledged
	 * @throws InterruptedException when interrupted while waiting
	 */
	boolean awaitAcknowledged(Duration timeout) throws InterruptedException {
		boolean released = this.acknowledging.awaitNone(timeout);
		this.acknowledgements.flush();
		return released;
	}

	/**
	 * Send every acknowledgement that is still gathered.
	 */
	void flushAcknowledgements() {
		this.acknowledgements.flush();
	}

	private void countRedelivery(Message message, Channel channel, long deliveryTag, Handling context) {
		Disposition disposition;
		try {
			disposition = this.failures.redelivered(message, queue(), this.settings.countedDeliveryLimit());
		}
		catch (Exception ex) {
			context.setOutcome(REQUEUED);
			requeue(channel, deliveryTag, ex);
			return;
		}
		if (disposition != Disposition.REQUEUED_COUNTED) {
			log(disposition, "message delivered too often without being acknowledged");
		}
		report(context, disposition, "delivery-limit");
		this.acknowledgements.settle(channel, deliveryTag, disposition);
	}

	private void report(Handling context, Disposition disposition, String reason) {
		switch (disposition) {
			case REDELIVERY_SCHEDULED -> {
				context.setOutcome("retried");
				this.events.retried(queue(), context.getType(), MessagingEvents.RetryStage.REDELIVERY);
			}
			case DEAD_LETTERED -> {
				context.setOutcome("dead-lettered");
				this.events.deadLettered(queue(), context.getType(), reason);
			}
			case REJECTED -> context.setOutcome("rejected");
			case REQUEUED_COUNTED -> context.setOutcome(REQUEUED);
		}
	}

	private void recordOutcome(boolean success, boolean permanent) {
		if (this.breaker == null) {
			return;
		}
		if (success) {
			this.breaker.onSuccess();
		}
		else if (permanent) {
			this.breaker.onNeutral();
		}
		else {
			this.breaker.onFailure();
		}
	}

	private void handlerFailed(Message message, Channel channel, long deliveryTag, InboundEnvelope envelope,
			Throwable error, Handling context) {
		Throwable cause = (error instanceof AttemptsFailedException) ? error.getCause() : error;
		String description = "Handler for message type '" + envelope.type() + "' on queue '" + queue() + "' failed ("
				+ ((error instanceof AttemptsFailedException failed) ? failed.attempts() : 1) + " attempt(s)): "
				+ cause;
		Disposition disposition;
		try {
			// A waiting requester would time out, and an ordered queue would reorder, before a delayed redelivery.
			boolean inProcessOnly = envelope.replyTo() != null || !this.settings.delayedRedelivery();
			disposition = this.failures.handlerFailed(message, queue(), envelope.type(), inProcessOnly, description,
					error);
		}
		catch (Exception ex) {
			context.setOutcome(REQUEUED);
			requeue(channel, deliveryTag, ex);
			return;
		}
		log(disposition, description);
		report(context, disposition, HANDLER_FAILED);
		if (disposition != Disposition.REDELIVERY_SCHEDULED) {
			this.replies.replyAndWait(envelope, ErrorReply.of("HANDLER_FAILED",
					(cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getName()));
		}
		this.acknowledgements.settle(channel, deliveryTag, disposition);
	}

	private void reject(Message message, Channel channel, long deliveryTag, InboundEnvelope envelope, String reason,
			String description, Throwable error, Handling context) {
		Disposition disposition;
		try {
			disposition = this.failures.rejected(message, queue(), reason, description, error);
		}
		catch (Exception ex) {
			context.setOutcome(REQUEUED);
			requeue(channel, deliveryTag, ex);
			return;
		}
		log(disposition, description);
		report(context, disposition, reason);
		if (disposition == Disposition.DEAD_LETTERED) {
			context.setOutcome("rejected");
		}
		if (envelope != null) {
			this.replies.replyAndWait(envelope, ErrorReply.of(reason.toUpperCase(Locale.ROOT).replace('-', '_'), description));
		}
		this.acknowledgements.settle(channel, deliveryTag, disposition);
	}

	private void log(Disposition disposition, String description) {
		switch (disposition) {
			case REDELIVERY_SCHEDULED -> logger.info("Redelivering later: " + description);
			case DEAD_LETTERED -> logger.warn("Dead-lettered to 'dlq." + queue() + "': " + description);
			case REJECTED -> logger.warn("Rejected (mmate.dead-letter.enabled=false): " + description);
			case REQUEUED_COUNTED -> logger.debug("Requeued with its delivery count: " + description);
		}
	}

	private void requeue(Channel channel, long deliveryTag, Exception ex) {
		logger.error("Could not move a failed message from queue '" + queue() + "' to its redelivery or dead-letter "
				+ "queue; returning it to the queue so that it is not lost: " + ex.getMessage(), ex);
		this.acknowledgements.requeue(channel, deliveryTag);
	}

	private String queue() {
		return this.settings.queue();
	}

	/**
	 * What handling one delivery has found out so far: the message id, the type once a handler takes it, and the
	 * outcome. Each value also goes to the delivery's observation context, when the delivery is observed.
	 */
	private static final class Handling {

		private final HandleContext observed;

		private String type = HandleContext.UNKNOWN_TYPE;

		Handling(HandleContext observed) {
			this.observed = observed;
		}

		String getType() {
			return this.type;
		}

		void setType(String type) {
			this.type = type;
			if (this.observed != null) {
				this.observed.setType(type);
			}
		}

		void setMessageId(String messageId) {
			if (this.observed != null) {
				this.observed.setMessageId(messageId);
			}
		}

		void setOutcome(String outcome) {
			if (this.observed != null) {
				this.observed.setOutcome(outcome);
			}
		}

	}

}
