package io.mmate.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;

import io.mmate.OutgoingMessage;
import io.mmate.PublishReceipt;
import io.mmate.delay.DelayMechanismSelector;
import io.mmate.envelope.EncodedMessage;
import io.mmate.envelope.EnvelopeProperties;
import io.mmate.envelope.TypeRegistry;
import io.mmate.envelope.WireHeaders;
import io.mmate.publish.Publication;
import io.mmate.publish.RabbitMessagePublisher;


/**
 * The {@link MessageScheduler} on RabbitMQ. Each message goes through the {@link RabbitMessagePublisher} as a
 * published one does, routed to its normal exchange, seen by the publish interceptors and observed (so it carries
 * the trace context and counts in {@code mmate.messages.published}); only once it is encoded does it take a detour:
 * its exchange and routing key go into {@link ScheduledHeaders}, and it is published, confirmed, through the delay
 * mechanism to the {@link SchedulingTopology#RELAY_QUEUE relay queue}, where a {@link ScheduledMessageRelay} picks it
 * up when due.
 */
public class RabbitMessageScheduler extends RoutedMessageScheduler {

	private final RabbitMessagePublisher publisher;

	private final DelayMechanismSelector delays;

	private final Clock clock;

	/**
	 * Create a scheduler.
	 * @param publisher publishes each message, with its interceptors, observation and transaction deferral
	 * @param types the type registry
	 * @param delays the delay mechanism
	 * @param clock the clock the delays are measured on
	 */
	public RabbitMessageScheduler(RabbitMessagePublisher publisher, TypeRegistry types,
			DelayMechanismSelector delays, Clock clock) {
		super(types);
		this.publisher = publisher;
		this.delays = delays;
		this.clock = clock;
	}

	@Override
	protected CompletableFuture<PublishReceipt> hold(OutgoingMessage message, Instant at) {
		// Inside a transaction the publisher waits for the commit: nothing is scheduled for what is not committed.
		return this.publisher.publish(message, (direct) -> delayUntil(at, direct));
	}

	// The message as it would be published now, sent to the relay queue instead with what the relay needs to
	// deliver it when due. The delay is measured here, after the interceptors and any transaction's commit.
	private Publication delayUntil(Instant at, Publication direct) {
		EnvelopeProperties properties = EnvelopeProperties.copyOf(direct.message().properties());
		properties.setHeader(ScheduledHeaders.EXCHANGE, direct.exchange());
		properties.setHeader(ScheduledHeaders.ROUTING_KEY, direct.routingKey());
		properties.setHeader(ScheduledHeaders.MANDATORY, Boolean.toString(direct.mandatory()));
		properties.setHeader(ScheduledHeaders.SCHEDULED_FOR, DateTimeFormatter.ISO_INSTANT.format(at));
		if (properties.getExpiration() != null) {
			// A TTL level queue dead-letters a message at its own expiration: it would move on early.
			properties.setHeader(ScheduledHeaders.EXPIRATION, properties.getExpiration());
			properties.setExpiration(null);
		}
		DelayHop hop = DelayHop.of(this.delays.mechanism(), Duration.between(this.clock.instant(), at));
		if (hop.remaining().compareTo(Duration.ZERO) > 0) {
			properties.setHeader(ScheduledHeaders.REMAINING, hop.remaining().toMillis());
		}
		if (hop.route().delayHeader() != null) {
			properties.setHeader(WireHeaders.DELAY, hop.route().delayHeader());
		}
		return new Publication(hop.route().exchange(), hop.route().routingKey(), hop.mandatory(),
				new EncodedMessage(direct.message().body(), properties.build()));
	}

}
