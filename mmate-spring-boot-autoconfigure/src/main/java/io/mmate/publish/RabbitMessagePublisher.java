package io.mmate.publish;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.mmate.Command;
import io.mmate.Event;
import io.mmate.MessageKind;
import io.mmate.MessagePublisher;
import io.mmate.OutgoingMessage;
import io.mmate.PublishInterceptor;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import io.mmate.Query;
import io.mmate.Reply;
import io.mmate.UnroutableMessageException;
import io.mmate.envelope.EncodedMessage;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.OutboundEnvelope;
import io.mmate.envelope.TypeRegistry;
import io.mmate.metrics.MessagingObservationConventions;
import io.mmate.metrics.PublishContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The {@link MessagePublisher} on RabbitMQ: routes each kind as the wire format says ({@link MessageRouting}), runs
 * the publish interceptors, observes the publish, encodes the envelope and publishes it on the confirming
 * {@link PublisherChannel}. The scheduler publishes through it too, on a detour to the delay mechanism.
 */
public class RabbitMessagePublisher implements MessagePublisher {

	private static final Log logger = LogFactory.getLog(RabbitMessagePublisher.class);

	private static final MessagingObservationConventions.Publish CONVENTION =
			new MessagingObservationConventions.Publish();

	// Straight to the message's own exchange; compared by identity, so that a plain publish allocates nothing more.
	private static final UnaryOperator<Publication> DIRECT = UnaryOperator.identity();

	private final PublishSink channel;

	private final TransactionalPublishSink transactional;

	private final EnvelopeCodec codec;

	private final MessageRouting routing;

	private final List<PublishInterceptor> interceptors;

	private final PublisherSettings settings;

	private final Clock clock;

	private final ObservationRegistry observations;

	private volatile @Nullable String replyQueue;

	/**
	 * Create a publisher.
	 * @param channel where encoded messages go: the confirming channel
	 * @param codec the envelope codec
	 * @param types the type registry
	 * @param interceptors the publish interceptors, outermost first
	 * @param settings confirm timeout and unroutable-event policy
	 * @param clock the clock for envelope timestamps
	 * @param observations where publishes are observed, {@link ObservationRegistry#NOOP} for nowhere
	 */
	public RabbitMessagePublisher(PublishSink channel, EnvelopeCodec codec, TypeRegistry types,
			List<PublishInterceptor> interceptors, PublisherSettings settings, Clock clock,
			ObservationRegistry observations) {
		this(channel, null, codec, types, interceptors, settings, clock, observations);
	}

	/**
	 * Create a publisher that sends the publishes made inside a transaction that {@code transactional} joins there
	 * (the transactional outbox) rather than holding them back until the commit.
	 * @param channel where encoded messages go: the confirming channel
	 * @param transactional where encoded messages go inside a transaction it joins, {@code null} for nowhere
	 * @param codec the envelope codec
	 * @param types the type registry
	 * @param interceptors the publish interceptors, outermost first
	 * @param settings confirm timeout and unroutable-event policy
	 * @param clock the clock for envelope timestamps
	 * @param observations where publishes are observed, {@link ObservationRegistry#NOOP} for nowhere
	 */
	public RabbitMessagePublisher(PublishSink channel, TransactionalPublishSink transactional, EnvelopeCodec codec,
			TypeRegistry types, List<PublishInterceptor> interceptors, PublisherSettings settings, Clock clock,
			ObservationRegistry observations) {
		this.channel = channel;
		this.transactional = transactional;
		this.codec = codec;
		this.routing = new MessageRouting(types);
		this.interceptors = List.copyOf(interceptors);
		this.settings = settings;
		this.clock = clock;
		this.observations = observations;
	}

	@Override
	public CompletableFuture<PublishReceipt> publishEvent(Event event, PublishOptions options) {
		return publish(this.routing.event(event, options), DIRECT);
	}

	@Override
	public CompletableFuture<PublishReceipt> sendCommand(Command command, String targetService,
			PublishOptions options) {
		return publish(this.routing.command(command, targetService, options), DIRECT);
	}

	/**
	 * Set the queue that the replies to {@link #sendQuery(Query)} are sent to: this service's own queue.
	 * @param replyQueue the queue, or {@code null} for none
	 */
	public void setReplyQueue(@Nullable String replyQueue) {
		this.replyQueue = replyQueue;
	}

	@Override
	public CompletableFuture<PublishReceipt> sendQuery(Query query) {
		String replyQueue = this.replyQueue;
		if (replyQueue == null) {
			return MessagePublisher.super.sendQuery(query);
		}
		return sendQuery(query, PublishOptions.defaults().withReplyTo(replyQueue));
	}

	@Override
	public CompletableFuture<PublishReceipt> sendQuery(Query query, PublishOptions options) {
		return publish(this.routing.query(query, options), DIRECT);
	}

	@Override
	public CompletableFuture<PublishReceipt> sendReply(Reply reply, String replyTo, PublishOptions options) {
		return publish(this.routing.reply(reply, replyTo, options), DIRECT);
	}

	/**
	 * Publish a message as the other methods do, through the publish interceptors, the publish observation and the
	 * envelope codec, and within a surrounding transaction on its commit, but send the encoded message where
	 * {@code detour} says rather than to its own exchange. This is how a scheduled message goes to the delay
	 * mechanism while interceptors, metrics and traces see it as the message that will be delivered.
	 * @param message the message, with the exchange and routing key it is finally delivered to
	 * @param detour turns the publication to the message's own exchange, as the interceptors passed it on, into the
	 * one to send; called once the message is encoded
	 * @return completes when the broker confirms what was sent; the receipt names the message's own exchange and
	 * routing key
	 */
	public CompletableFuture<PublishReceipt> publish(OutgoingMessage message, UnaryOperator<Publication> detour) {
		Assert.notNull(message, "message must not be null");
		Assert.notNull(detour, "detour must not be null");
		if (this.settings.deferInTransactions() && TransactionDeferral.inTransaction()) {
			if (this.transactional != null && this.transactional.joinsCurrentTransaction()) {
				// Written in the transaction now (the outbox), published by the relay after the commit.
				return proceed(0, message, detour, this.transactional);
			}
			return TransactionDeferral.afterCommit(message, () -> proceed(0, message, detour, this.channel));
		}
		return proceed(0, message, detour, this.channel);
	}

	private CompletableFuture<PublishReceipt> proceed(int index, OutgoingMessage message,
			UnaryOperator<Publication> detour, PublishSink sink) {
		// What fails on the way, encoding or detour included, fails the future: a publish deferred to a commit has
		// no caller left to throw to.
		try {
			if (index == this.interceptors.size()) {
				return send(message, detour, sink);
			}
			return this.interceptors.get(index).intercept(message, (next) -> proceed(index + 1, next, detour, sink));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private CompletableFuture<PublishReceipt> send(OutgoingMessage message, UnaryOperator<Publication> detour,
			PublishSink sink) {
		Observation observation = Observation.createNotStarted(null, CONVENTION,
				() -> new PublishContext(message.exchange(), message.typeName()), this.observations);
		if (observation.isNoop()) {
			return send(message, message.options(), detour, sink);
		}
		observation.start();
		PublishContext context = (PublishContext) observation.getContext();
		PublishOptions options = message.options();
		// A tracer has put the trace context into the carrier on start: it travels as message headers.
		for (Map.Entry<String, Object> header : context.getCarrier().entrySet()) {
			options = options.withHeader(header.getKey(), header.getValue());
		}
		CompletableFuture<PublishReceipt> confirm;
		try {
			confirm = send(message, options, detour, sink);
		}
		catch (RuntimeException ex) {
			context.setOutcome("failed");
			observation.error(ex);
			observation.stop();
			throw ex;
		}
		return confirm.whenComplete((receipt, ex) -> {
			try {
				if (ex != null) {
					context.setOutcome((ex instanceof UnroutableMessageException) ? "unroutable" : "failed");
					observation.error(ex);
				}
				else {
					// A publish without confirms is only known to have been written.
					context.setOutcome(sink.confirms() ? "confirmed" : "sent");
				}
				observation.stop();
			}
			catch (RuntimeException observationFailure) {
				// The broker's answer stands: a confirmed message reported as failed would be sent again.
				logger.warn("An observation handler failed when a publish of type '" + message.typeName()
						+ "' to exchange '" + message.exchange() + "' completed; the publish's outcome stands: "
						+ observationFailure, observationFailure);
			}
		});
	}

	private boolean mandatory(OutgoingMessage message) {
		if (message.kind() == MessageKind.EVENT) {
			return this.settings.failOnUnroutableEvents();
		}
		// RabbitMQ routes a reply to a direct reply-to address outside of its queues and returns it as unroutable
		// when it is mandatory, delivered or not: such a reply cannot be known to arrive, so it is sent as it is.
		return message.kind() != MessageKind.REPLY
				|| !message.routingKey().startsWith(DirectReplyChannel.PSEUDO_QUEUE + ".");
	}

	private CompletableFuture<PublishReceipt> send(OutgoingMessage message, PublishOptions options,
			UnaryOperator<Publication> detour, PublishSink sink) {
		String id = (options.messageId() != null) ? options.messageId() : UUID.randomUUID().toString();
		EncodedMessage encoded = this.codec.encodeForPublishing(new OutboundEnvelope(id, message.typeName(),
				message.kind(), this.clock.instant(), message.message(), message.targetService(), options));
		boolean mandatory = mandatory(message);
		if (detour == DIRECT) {
			return sink.publish(message.exchange(), message.routingKey(), mandatory, encoded.properties(),
					encoded.body(), this.settings.confirmTimeout());
		}
		Publication sent = detour.apply(new Publication(message.exchange(), message.routingKey(), mandatory, encoded));
		PublishReceipt receipt = new PublishReceipt(id, message.exchange(), message.routingKey());
		return sink
			.publish(sent.exchange(), sent.routingKey(), sent.mandatory(), sent.message().properties(),
					sent.message().body(), this.settings.confirmTimeout())
			.thenApply((confirmed) -> receipt);
	}

}
