package io.mmate.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.rabbitmq.client.AMQP;
import io.mmate.Command;
import io.mmate.Event;
import io.mmate.MessageKind;
import io.mmate.MessageScheduler;
import io.mmate.OutgoingMessage;
import io.mmate.PublishInterceptor;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import io.mmate.Query;
import io.mmate.delay.DelayMechanismSelector;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.OutboundEnvelope;
import io.mmate.envelope.TypeRegistry;
import io.mmate.envelope.WireHeaders;
import io.mmate.publish.PublisherChannel;
import io.mmate.publish.PublisherSettings;
import io.mmate.publish.TransactionDeferral;
import io.mmate.topology.Exchanges;
import io.mmate.topology.RoutingKeys;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;
import org.springframework.util.Assert;

/**
 * The {@link MessageScheduler} on RabbitMQ: encodes the envelope exactly as it will be delivered, notes its exchange
 * and routing key in {@link ScheduledHeaders}, and publishes it, confirmed, through the delay mechanism to the
 * {@link SchedulingTopology#RELAY_QUEUE relay queue}, where a {@link ScheduledMessageRelay} picks it up when due.
 */
public class RabbitMessageScheduler implements MessageScheduler {

	private final PublisherChannel channel;

	private final EnvelopeCodec codec;

	private final TypeRegistry types;

	private final DelayMechanismSelector delays;

	private final List<PublishInterceptor> interceptors;

	private final PublisherSettings settings;

	private final Clock clock;

	private final MessagePropertiesConverter propertiesConverter = new DefaultMessagePropertiesConverter();

	/**
	 * Create a scheduler.
	 * @param channel the confirming channel
	 * @param codec the envelope codec
	 * @param types the type registry
	 * @param delays the delay mechanism
	 * @param interceptors the publish interceptors, outermost first; they see the message's final destination
	 * @param settings confirm timeout, unroutable-event policy and whether to wait for a surrounding transaction
	 * @param clock the clock for envelope timestamps and delays
	 */
	public RabbitMessageScheduler(PublisherChannel channel, EnvelopeCodec codec, TypeRegistry types,
			DelayMechanismSelector delays, List<PublishInterceptor> interceptors, PublisherSettings settings,
			Clock clock) {
		this.channel = channel;
		this.codec = codec;
		this.types = types;
		this.delays = delays;
		this.interceptors = List.copyOf(interceptors);
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	public CompletableFuture<PublishReceipt> scheduleEvent(Event event, Instant at, PublishOptions options) {
		Assert.notNull(event, "event must not be null");
		String type = this.types.nameOf(event.getClass());
		String aggregateId = (event.aggregateId() != null) ? event.aggregateId() : "";
		return schedule(new OutgoingMessage(event, MessageKind.EVENT, type, Exchanges.EVENTS,
				routingKey(options, RoutingKeys.event(aggregateId, type)), null, options), at);
	}

	@Override
	public CompletableFuture<PublishReceipt> scheduleCommand(Command command, String targetService, Instant at,
			PublishOptions options) {
		Assert.notNull(command, "command must not be null");
		Assert.hasText(targetService, "targetService must not be empty");
		String type = this.types.nameOf(command.getClass());
		return schedule(new OutgoingMessage(command, MessageKind.COMMAND, type, Exchanges.COMMANDS,
				routingKey(options, RoutingKeys.command(targetService, type)), targetService, options), at);
	}

	@Override
	public CompletableFuture<PublishReceipt> scheduleQuery(Query query, Instant at, PublishOptions options) {
		Assert.notNull(query, "query must not be null");
		String type = this.types.nameOf(query.getClass());
		return schedule(new OutgoingMessage(query, MessageKind.QUERY, type, Exchanges.QUERIES,
				routingKey(options, RoutingKeys.query(type)), null, options), at);
	}

	private CompletableFuture<PublishReceipt> schedule(OutgoingMessage message, Instant at) {
		Assert.notNull(at, "at must not be null");
		Assert.notNull(message.options(), "options must not be null");
		if (this.settings.deferInTransactions() && TransactionDeferral.inTransaction()) {
			// As with MessagePublisher: nothing is scheduled for what the database does not commit.
			return TransactionDeferral.afterCommit(message, () -> proceed(0, message, at));
		}
		return proceed(0, message, at);
	}

	private CompletableFuture<PublishReceipt> proceed(int index, OutgoingMessage message, Instant at) {
		try {
			if (index == this.interceptors.size()) {
				return send(message, at);
			}
			return this.interceptors.get(index).intercept(message, (next) -> proceed(index + 1, next, at));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private CompletableFuture<PublishReceipt> send(OutgoingMessage message, Instant at) {
		PublishOptions options = message.options();
		String id = (options.messageId() != null) ? options.messageId() : UUID.randomUUID().toString();
		Instant now = this.clock.instant();
		Message encoded = this.codec.encode(new OutboundEnvelope(id, message.typeName(), message.kind(), now,
				message.message(), message.targetService(), options));
		MessageProperties properties = encoded.getMessageProperties();
		boolean mandatory = message.kind() != MessageKind.EVENT || this.settings.failOnUnroutableEvents();
		properties.setHeader(ScheduledHeaders.EXCHANGE, message.exchange());
		properties.setHeader(ScheduledHeaders.ROUTING_KEY, message.routingKey());
		properties.setHeader(ScheduledHeaders.MANDATORY, Boolean.toString(mandatory));
		properties.setHeader(ScheduledHeaders.SCHEDULED_FOR, DateTimeFormatter.ISO_INSTANT.format(at));
		if (properties.getExpiration() != null) {
			// A TTL level queue dead-letters a message at its own expiration: it would move on early.
			properties.setHeader(ScheduledHeaders.EXPIRATION, properties.getExpiration());
			properties.setExpiration(null);
		}
		DelayHop hop = DelayHop.of(this.delays.mechanism(), Duration.between(now, at));
		if (hop.remaining().compareTo(Duration.ZERO) > 0) {
			properties.setHeader(ScheduledHeaders.REMAINING, hop.remaining().toMillis());
		}
		if (hop.route().delayHeader() != null) {
			properties.setHeader(WireHeaders.DELAY, hop.route().delayHeader());
		}
		AMQP.BasicProperties amqp = this.propertiesConverter.fromMessageProperties(properties, "UTF-8");
		return this.channel
			.publish(hop.route().exchange(), hop.route().routingKey(), hop.mandatory(), amqp, encoded.getBody(),
					this.settings.confirmTimeout())
			.thenApply((receipt) -> new PublishReceipt(id, message.exchange(), message.routingKey()));
	}

	private static String routingKey(PublishOptions options, String derived) {
		return (options != null && options.routingKey() != null) ? options.routingKey() : derived;
	}

}
