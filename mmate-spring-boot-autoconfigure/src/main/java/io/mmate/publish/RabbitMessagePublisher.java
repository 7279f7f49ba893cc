package io.mmate.publish;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

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
import io.mmate.topology.Exchanges;
import io.mmate.topology.RoutingKeys;

import org.springframework.util.Assert;

/**
 * The {@link MessagePublisher} on RabbitMQ: routes each kind as the wire format says, runs the publish interceptors,
 * encodes the envelope and publishes it on the confirming {@link PublisherChannel}.
 */
public class RabbitMessagePublisher implements MessagePublisher {

	private static final MessagingObservationConventions.Publish CONVENTION =
			new MessagingObservationConventions.Publish();

	private final PublishSink channel;

	private final EnvelopeCodec codec;

	private final TypeRegistry types;

	private final List<PublishInterceptor> interceptors;

	private final PublisherSettings settings;

	private final Clock clock;

	private final ObservationRegistry observations;

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
		this.channel = channel;
		this.codec = codec;
		this.types = types;
		this.interceptors = List.copyOf(interceptors);
		this.settings = settings;
		this.clock = clock;
		this.observations = observations;
	}

	@Override
	public CompletableFuture<PublishReceipt> publishEvent(Event event, PublishOptions options) {
		Assert.notNull(event, "event must not be null");
		String type = this.types.nameOf(event.getClass());
		String aggregateId = (event.aggregateId() != null) ? event.aggregateId() : "";
		return publish(new OutgoingMessage(event, MessageKind.EVENT, type, Exchanges.EVENTS,
				routingKey(options, RoutingKeys.event(aggregateId, type)), null, options));
	}

	@Override
	public CompletableFuture<PublishReceipt> sendCommand(Command command, String targetService,
			PublishOptions options) {
		Assert.notNull(command, "command must not be null");
		Assert.hasText(targetService, "targetService must not be empty");
		String type = this.types.nameOf(command.getClass());
		return publish(new OutgoingMessage(command, MessageKind.COMMAND, type, Exchanges.COMMANDS,
				routingKey(options, RoutingKeys.command(targetService, type)), targetService, options));
	}

	@Override
	public CompletableFuture<PublishReceipt> sendQuery(Query query, PublishOptions options) {
		Assert.notNull(query, "query must not be null");
		String type = this.types.nameOf(query.getClass());
		return publish(new OutgoingMessage(query, MessageKind.QUERY, type, Exchanges.QUERIES,
				routingKey(options, RoutingKeys.query(type)), null, options));
	}

	@Override
	public CompletableFuture<PublishReceipt> sendReply(Reply reply, String replyTo, PublishOptions options) {
		Assert.notNull(reply, "reply must not be null");
		Assert.hasText(replyTo, "replyTo must not be empty");
		String type = this.types.nameOf(reply.getClass());
		return publish(new OutgoingMessage(reply, MessageKind.REPLY, type, "", routingKey(options, replyTo), null,
				options));
	}

	private CompletableFuture<PublishReceipt> publish(OutgoingMessage message) {
		if (this.settings.deferInTransactions() && TransactionDeferral.inTransaction()) {
			return TransactionDeferral.afterCommit(message, () -> proceed(0, message));
		}
		return proceed(0, message);
	}

	private CompletableFuture<PublishReceipt> proceed(int index, OutgoingMessage message) {
		if (index == this.interceptors.size()) {
			return send(message);
		}
		try {
			return this.interceptors.get(index).intercept(message, (next) -> proceed(index + 1, next));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private CompletableFuture<PublishReceipt> send(OutgoingMessage message) {
		Observation observation = Observation.createNotStarted(null, CONVENTION,
				() -> new PublishContext(message.exchange(), message.typeName()), this.observations);
		if (observation.isNoop()) {
			return send(message, message.options());
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
			confirm = send(message, options);
		}
		catch (RuntimeException ex) {
			context.setOutcome("failed");
			observation.error(ex);
			observation.stop();
			throw ex;
		}
		return confirm.whenComplete((receipt, ex) -> {
			if (ex != null) {
				context.setOutcome((ex instanceof UnroutableMessageException) ? "unroutable" : "failed");
				observation.error(ex);
			}
			else {
				context.setOutcome("confirmed");
			}
			observation.stop();
		});
	}

	private CompletableFuture<PublishReceipt> send(OutgoingMessage message, PublishOptions options) {
		String id = (options.messageId() != null) ? options.messageId() : UUID.randomUUID().toString();
		EncodedMessage encoded = this.codec.encodeForPublishing(new OutboundEnvelope(id, message.typeName(),
				message.kind(), this.clock.instant(), message.message(), message.targetService(), options));
		boolean mandatory = message.kind() != MessageKind.EVENT || this.settings.failOnUnroutableEvents();
		return this.channel.publish(message.exchange(), message.routingKey(), mandatory, encoded.properties(),
				encoded.body(), this.settings.confirmTimeout());
	}

	private static String routingKey(PublishOptions options, String derived) {
		return (options.routingKey() != null) ? options.routingKey() : derived;
	}

}
