package io.mmate.listener;

import java.time.Duration;
import java.util.Set;

import com.rabbitmq.client.Channel;
import io.micrometer.observation.Observation;
import io.mmate.dispatch.Outcome;
import io.mmate.envelope.InboundEnvelope;
import io.mmate.envelope.UndecodableMessageException;
import io.mmate.failure.FailureDecider;
import io.mmate.failure.FailureHistory;
import io.mmate.failure.Settlement;
import io.mmate.metrics.HandleContext;
import io.mmate.retry.CircuitBreaker;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

/**
 * Takes each delivery of a queue through the same steps, whatever the queue's kind (the service queue, a partition,
 * a broadcast queue): decode, gate (the circuit breaker, the delivery count), dispatch, decide, apply. Deciding is
 * the {@link FailureDecider}'s; applying, the {@link SettlementApplier}'s. Every delivery is settled exactly once, and
 * nothing is requeued except while the circuit breaker is open or when a failed message's copy was not confirmed.
 */
public class DeliveryListener implements ChannelAwareMessageListener {

	/** Logging MDC key of the message id while a handler runs. */
	public static final String MDC_MESSAGE_ID = "mmate.messageId";

	/** Logging MDC key of the correlation id while a handler runs. */
	public static final String MDC_CORRELATION_ID = "mmate.correlationId";

	private final ListenerSettings settings;

	private final DeliveryPipeline pipeline;

	private final DeliveryObserver observer;

	private final BreakerGate breaker;

	private final HandlerInvocation handler;

	private final FailureDecider decider;

	private final Acknowledgements acknowledgements;

	private final SettlementApplier applier;

	/**
	 * Create the listener of one queue.
	 * @param settings how the queue is consumed
	 * @param pipeline decoding, dispatching and failure handling
	 * @param observer where deliveries are observed and reported
	 * @param breaker the queue's circuit breaker, or {@code null} for none
	 */
	public DeliveryListener(ListenerSettings settings, DeliveryPipeline pipeline, DeliveryObserver observer,
			CircuitBreaker breaker) {
		this.settings = settings;
		this.pipeline = pipeline;
		this.observer = observer;
		this.breaker = new BreakerGate(breaker);
		this.handler = new HandlerInvocation(pipeline.dispatcher(), settings.queue());
		this.decider = new FailureDecider(settings.queue(), pipeline.policies(), settings.failureRules());
		this.acknowledgements = new Acknowledgements(settings);
		this.applier = new SettlementApplier(settings.queue(), this.acknowledgements, pipeline, observer.events(),
				settings.failureRules().overflowDelay());
	}

	@Override
	public void onMessage(Message message, Channel channel) {
		Observation observation = this.observer.start(message, this.settings.queue());
		Delivery delivery = new Delivery(message, channel,
				observation.isNoop() ? null : (HandleContext) observation.getContext());
		this.observer.events().handlingStarted(this.settings.queue());
		try (Observation.Scope scope = observation.openScope()) {
			this.applier.apply(delivery, settle(delivery));
		}
		catch (Throwable ex) {
			// Nothing may escape to the container: it would leave the delivery unacknowledged until the channel closes.
			observation.error(ex);
			this.applier.apply(delivery, this.decider.unexpected(ex));
		}
		finally {
			this.observer.events().handlingFinished(this.settings.queue());
			observation.stop();
		}
	}

	private Settlement settle(Delivery delivery) {
		int size = delivery.size();
		if (size > this.settings.maxMessageSize()) {
			// Before decoding: binding a body this large would take several times its size in memory.
			return this.decider.tooLarge(size, this.settings.maxMessageSize());
		}
		InboundEnvelope envelope;
		try {
			envelope = this.pipeline.codec().decode(delivery.message(), this.pipeline.dispatcher().payloadTypes());
		}
		catch (UndecodableMessageException ex) {
			return this.decider.undecodable(ex);
		}
		delivery.decoded(envelope);
		if (!this.breaker.admits()) {
			// The breaker is open: leave the message in the queue while consumption pauses.
			return Settlement.REQUEUE;
		}
		Settlement settlement;
		if (this.decider.mustCount(delivery.redelivered())) {
			settlement = this.decider.redelivered(delivery.history());
		}
		else {
			Outcome outcome = this.handler.invoke(delivery);
			FailureHistory history = (outcome instanceof Outcome.Handled) ? FailureHistory.NONE : delivery.history();
			settlement = this.decider.decide(outcome, envelope.type(), envelope.replyTo() != null, history);
		}
		this.breaker.record(settlement);
		return settlement;
	}

	/**
	 * Wait until every request whose reply was sent has been acknowledged, then send every acknowledgement that is
	 * still gathered: before the channels close, so that nothing handled is delivered again.
	 * @param timeout how long to wait at most
	 * @return whether all were acknowledged
	 * @throws InterruptedException when interrupted while waiting
	 */
	boolean awaitAcknowledged(Duration timeout) throws InterruptedException {
		return this.applier.awaitAcknowledged(timeout);
	}

	/**
	 * The queue's circuit breaker.
	 * @return the breaker, {@code null} for none
	 */
	CircuitBreaker circuitBreaker() {
		return this.breaker.breaker();
	}

	/**
	 * Send every acknowledgement that is still gathered.
	 */
	void flushAcknowledgements() {
		this.acknowledgements.flush();
	}

	/**
	 * The channels that have delivered to this listener and are still open: those that may hold its deliveries.
	 * @return the channels
	 */
	Set<Channel> deliveringChannels() {
		return this.acknowledgements.channels();
	}

}
