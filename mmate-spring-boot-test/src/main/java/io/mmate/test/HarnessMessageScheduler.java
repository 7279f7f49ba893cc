package io.mmate.test;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;

import io.mmate.OutgoingMessage;
import io.mmate.PublishReceipt;
import io.mmate.envelope.EncodedMessage;
import io.mmate.envelope.EnvelopeProperties;
import io.mmate.envelope.TypeRegistry;
import io.mmate.publish.Publication;
import io.mmate.publish.RabbitMessagePublisher;
import io.mmate.schedule.RoutedMessageScheduler;
import io.mmate.schedule.ScheduledHeaders;


/**
 * The {@link MessageScheduler} of the harness. Each message is routed, intercepted, observed and encoded by the
 * starter's own publisher exactly as the broker-backed scheduler does it; only the encoded message goes to the
 * harness instead of the broker's delay machinery, which holds it until the {@link HarnessClock} reaches its due time
 * ({@link MmateTestHarness#advance(java.time.Duration)}).
 */
public final class HarnessMessageScheduler extends RoutedMessageScheduler {

	private final RabbitMessagePublisher publisher;

	/**
	 * Create a scheduler.
	 * @param publisher a publisher on the harness's transport
	 * @param types the type registry
	 */
	HarnessMessageScheduler(RabbitMessagePublisher publisher, TypeRegistry types) {
		super(types);
		this.publisher = publisher;
	}

	@Override
	protected CompletableFuture<PublishReceipt> hold(OutgoingMessage message, Instant at) {
		return this.publisher.publish(message, (direct) -> toHarness(direct, at));
	}

	// The destination travels in the headers the broker-backed scheduler writes for its relay.
	private static Publication toHarness(Publication direct, Instant at) {
		EnvelopeProperties properties = EnvelopeProperties.copyOf(direct.message().properties());
		properties.setHeader(ScheduledHeaders.EXCHANGE, direct.exchange());
		properties.setHeader(ScheduledHeaders.ROUTING_KEY, direct.routingKey());
		properties.setHeader(ScheduledHeaders.MANDATORY, Boolean.toString(direct.mandatory()));
		properties.setHeader(ScheduledHeaders.SCHEDULED_FOR, DateTimeFormatter.ISO_INSTANT.format(at));
		return new Publication(HarnessTransport.SCHEDULING_EXCHANGE, direct.routingKey(), false,
				new EncodedMessage(direct.message().body(), properties.build()));
	}

}
