package io.mmate.schedule;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.MessageScheduler;
import io.mmate.OutgoingMessage;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import io.mmate.Query;
import io.mmate.envelope.TypeRegistry;
import io.mmate.publish.MessageRouting;

import org.springframework.util.Assert;

/**
 * A {@link MessageScheduler} that routes each message as the publisher would (exchange, routing key, kind) and
 * leaves how it is held until it is due to a subclass: the broker's delay mechanism, or a test harness's clock.
 */
public abstract class RoutedMessageScheduler implements MessageScheduler {

	private final MessageRouting routing;

	/**
	 * Create a scheduler.
	 * @param types the type registry that names the messages
	 */
	protected RoutedMessageScheduler(TypeRegistry types) {
		this.routing = new MessageRouting(types);
	}

	@Override
	public CompletableFuture<PublishReceipt> scheduleEvent(Event event, Instant at, PublishOptions options) {
		return schedule(this.routing.event(event, options), at);
	}

	@Override
	public CompletableFuture<PublishReceipt> scheduleCommand(Command command, String targetService, Instant at,
			PublishOptions options) {
		return schedule(this.routing.command(command, targetService, options), at);
	}

	@Override
	public CompletableFuture<PublishReceipt> scheduleQuery(Query query, Instant at, PublishOptions options) {
		return schedule(this.routing.query(query, options), at);
	}

	private CompletableFuture<PublishReceipt> schedule(OutgoingMessage message, Instant at) {
		Assert.notNull(at, "at must not be null");
		return hold(message, at);
	}

	/**
	 * Send a routed message so that it is delivered at the given time.
	 * @param message the message, routed
	 * @param at when it is due
	 * @return completes when the message is in the hands of whatever holds it
	 */
	protected abstract CompletableFuture<PublishReceipt> hold(OutgoingMessage message, Instant at);

}
