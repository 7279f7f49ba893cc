package io.mmate.test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.mmate.MessagePublisher;
import io.mmate.PublishOptions;
import io.mmate.Reply;
import io.mmate.delay.DelayMechanismSelector;
import io.mmate.delay.TtlLevelTopology;
import io.mmate.dispatch.Arrival;
import io.mmate.dispatch.Dispatcher;
import io.mmate.dispatch.HandlerDefinition;
import io.mmate.dispatch.HandlerRegistry;
import io.mmate.dispatch.Outcome;
import io.mmate.dispatch.ReplyAddressCheck;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.InboundEnvelope;
import io.mmate.envelope.UndecodableMessageException;
import io.mmate.envelope.WireHeaders;
import io.mmate.failure.DeadLetterHeaders;
import io.mmate.failure.Failure;
import io.mmate.failure.FailureDecider;
import io.mmate.failure.FailureHistory;
import io.mmate.failure.FailurePublisher;
import io.mmate.failure.FailureRules;
import io.mmate.failure.Settlement;
import io.mmate.retry.RetryPolicies;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/**
 * Takes one delivery through the steps of the broker-backed listener, in process: decode with the application's
 * codec, dispatch through the real {@link Dispatcher} (interceptors, in-process retries, validation, the check of the
 * route against the handler's kind), decide with the starter's {@link FailureDecider}, then apply the settlement as
 * the listener does: send the reply or error reply, and have the starter's {@link FailurePublisher} write the dead
 * letter or the redelivered copy, which the harness keeps instead of a broker.
 *
 * <p>Left out, because no broker is involved: the circuit breaker, the size limit on bodies, and counted
 * redeliveries of messages whose consumer crashed (a delivery in the harness is never a broker redelivery).
 */
final class HarnessPipeline {

	private static final Log logger = LogFactory.getLog(HarnessPipeline.class);

	private final String queue;

	private final EnvelopeCodec codec;

	private final Dispatcher dispatcher;

	private final HandlerRegistry handlers;

	private final RetryPolicies policies;

	private final FailureRules rules;

	private final MessagePublisher publisher;

	private final ReplyAddressCheck replyAddresses;

	private final HarnessTransport transport;

	private final CapturingChannel copies = new CapturingChannel();

	private final FailurePublisher failures;

	private final String delayDelivery;

	HarnessPipeline(Settings settings, EnvelopeCodec codec, Dispatcher dispatcher, HandlerRegistry handlers,
			RetryPolicies policies, MessagePublisher publisher, ReplyAddressCheck replyAddresses,
			HarnessTransport transport) {
		this.queue = settings.queue();
		this.rules = settings.rules();
		this.codec = codec;
		this.dispatcher = dispatcher;
		this.handlers = handlers;
		this.policies = policies;
		this.publisher = publisher;
		this.replyAddresses = replyAddresses;
		this.transport = transport;
		// TTL levels are chosen without asking a broker; the copy's headers do not depend on the mechanism.
		this.failures = new FailurePublisher(this.copies,
				new DelayMechanismSelector(null, DelayMechanismSelector.Mode.TTL_LEVELS, settings.replicated()),
				settings.serviceName(), settings.confirmTimeout(), transport.clock());
		this.delayDelivery = TtlLevelTopology.of(settings.replicated()).deliveryExchange();
	}

	/**
	 * Deliver a message to the application's handlers and settle it.
	 * @param message the message as the broker would deliver it, with its received exchange and routing key
	 * @return what became of it
	 */
	HandlingResult deliver(Message message) {
		FailureHistory history = FailureHistory.of(message.getMessageProperties());
		InboundEnvelope envelope = null;
		FailureDecider decider = decider(null);
		Settlement settlement;
		try {
			envelope = this.codec.decode(message);
			decider = decider(this.handlers.find(envelope.type()));
			Outcome outcome = this.dispatcher.dispatch(envelope, this.queue, false, arrival(message));
			FailureHistory known = (outcome instanceof Outcome.Handled) ? FailureHistory.NONE : history;
			settlement = decider.decide(outcome, envelope.type(), envelope.replyTo() != null, known);
		}
		catch (UndecodableMessageException ex) {
			settlement = decider.undecodable(ex);
		}
		catch (RuntimeException ex) {
			settlement = decider.unexpected(ex);
		}
		return apply(message, envelope, settlement, history);
	}

	private HandlingResult apply(Message message, InboundEnvelope envelope, Settlement settlement,
			FailureHistory history) {
		int repliesBefore = this.transport.log().replies().size();
		RecordedMessage deadLetter = null;
		RecordedMessage redelivery = null;
		if (settlement instanceof Settlement.AcknowledgeAfterReply reply) {
			reply(envelope, reply.reply());
		}
		else if (settlement instanceof Settlement.RedeliverLater later) {
			this.failures.redeliver(message, this.queue, later.delay(), later.failure());
			redelivery = hold(this.copies.take(), later);
		}
		else if (settlement instanceof Settlement.DeadLetter dead) {
			this.failures.deadLetter(message, this.queue, dead.failure());
			CapturingChannel.Copy copy = this.copies.take();
			deadLetter = this.transport.record(copy.exchange(), copy.routingKey(),
					this.transport.message(copy.exchange(), copy.routingKey(), copy.properties(), copy.body()), null);
			this.transport.log().deadLettered(deadLetter);
			logger.warn("Dead-lettered to '" + copy.routingKey() + "': " + dead.failure().description());
			replyError(envelope, dead.failure());
		}
		else if (settlement instanceof Settlement.Reject reject) {
			logger.warn("Rejected (mmate.dead-letter.enabled=false): " + reject.failure().description());
			replyError(envelope, reject.failure());
		}
		return new HandlingResult(messageId(message, envelope), type(message, envelope), settlement, history,
				replySent(envelope, repliesBefore), deadLetter, redelivery);
	}

	private RecordedMessage hold(CapturingChannel.Copy copy, Settlement.RedeliverLater later) {
		// The copy comes back from the delay machinery's delivery exchange, with the routing key it went in with.
		Message redelivered = this.transport.message(this.delayDelivery, copy.routingKey(), copy.properties(),
				copy.body());
		Instant due = this.transport.clock().instant().plus(later.delay());
		this.transport.due().hold(due, this.delayDelivery, copy.routingKey(), redelivered, true);
		logger.info("Redelivering in " + later.delay() + ": " + later.failure().description());
		return this.transport.record(this.delayDelivery, copy.routingKey(), redelivered, due);
	}

	// As the listener's reply sender: only a Reply, only to a reply address, only where replies may go.
	private void reply(InboundEnvelope envelope, Object result) {
		if (result == null || envelope == null || envelope.replyTo() == null) {
			return;
		}
		if (!(result instanceof Reply reply)) {
			logger.warn("Handler for message type '" + envelope.type() + "' returned a " + result.getClass().getName()
					+ ", which is not a Reply; nothing is sent");
			return;
		}
		if (!this.replyAddresses.permits(envelope.replyTo(), envelope.type())) {
			return;
		}
		try {
			this.publisher.sendReply(reply, envelope.replyTo(),
					PublishOptions.defaults().withCorrelationId(Dispatcher.replyCorrelationId(envelope)))
				.join();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not send the reply to message '" + envelope.id() + "': " + ex.getMessage());
		}
	}

	private void replyError(InboundEnvelope envelope, Failure failure) {
		reply(envelope, failure.errorReply());
	}

	private RecordedMessage replySent(InboundEnvelope envelope, int repliesBefore) {
		if (envelope == null || envelope.replyTo() == null) {
			return null;
		}
		String correlationId = Dispatcher.replyCorrelationId(envelope);
		List<RecordedMessage> replies = this.transport.log().replies();
		return replies.subList(Math.min(repliesBefore, replies.size()), replies.size())
			.stream()
			.filter((reply) -> correlationId.equals(reply.correlationId()))
			.findFirst()
			.orElse(null);
	}

	private FailureDecider decider(HandlerDefinition handler) {
		boolean ordered = handler != null && handler.delivery() != HandlerDefinition.Delivery.SERVICE_QUEUE;
		// Partitions and broadcast queues keep their order: their failed messages are retried in process only.
		return new FailureDecider(this.queue, this.policies, ordered ? this.rules.ordered() : this.rules);
	}

	private static Arrival arrival(Message message) {
		MessageProperties properties = message.getMessageProperties();
		return new Arrival(properties.getReceivedExchange(), properties.getReceivedRoutingKey(),
				text(properties.getHeaders().get(DeadLetterHeaders.ORIGINAL_EXCHANGE)),
				text(properties.getHeaders().get(DeadLetterHeaders.ORIGINAL_ROUTING_KEY)));
	}

	private static String messageId(Message message, InboundEnvelope envelope) {
		return (envelope != null) ? envelope.id() : message.getMessageProperties().getMessageId();
	}

	private static String type(Message message, InboundEnvelope envelope) {
		return (envelope != null) ? envelope.type() : text(message.getMessageProperties().getHeaders()
			.get(WireHeaders.MESSAGE_TYPE));
	}

	private static String text(Object value) {
		return (value != null) ? value.toString() : null;
	}

	void close() {
		this.copies.close();
	}

	/**
	 * What the pipeline needs to know of the application's queue.
	 *
	 * @param serviceName the service name, written to dead letters
	 * @param queue the service queue, named in failure descriptions and dead-letter routing keys
	 * @param rules what the queue allows when its messages fail
	 * @param replicated whether the queues are quorum queues, which decides the delay exchanges' names
	 * @param confirmTimeout the publisher's confirm timeout
	 */
	record Settings(String serviceName, String queue, FailureRules rules, boolean replicated,
			Duration confirmTimeout) {
	}

}
