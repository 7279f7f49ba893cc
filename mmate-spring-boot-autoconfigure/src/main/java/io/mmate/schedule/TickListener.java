package io.mmate.schedule;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.Message;
import io.mmate.MessagePublisher;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import io.mmate.Query;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.core.MessageListener;

/**
 * The consumer of one schedule's queue. The queue has a single active consumer, so across all instances one
 * listener at a time receives the schedule's tick tokens. For each due token it first passes the token on to the
 * next tick, confirmed, so that the schedule survives whatever the tick does; then it publishes the tick's message.
 * A token whose tick is not after the last one it handled is a duplicate and is dropped; one that arrives before its
 * tick (another instance's clock, or a wait longer than one hop) waits again.
 */
final class TickListener implements MessageListener {

	private static final Log logger = LogFactory.getLog(TickListener.class);

	private final RecurringSchedule schedule;

	private final TickTokens tokens;

	private final MessagePublisher publisher;

	private final String serviceName;

	private final Clock clock;

	private volatile Instant lastTick = Instant.MIN;

	TickListener(RecurringSchedule schedule, TickTokens tokens, MessagePublisher publisher, String serviceName,
			Clock clock) {
		this.schedule = schedule;
		this.tokens = tokens;
		this.publisher = publisher;
		this.serviceName = serviceName;
		this.clock = clock;
	}

	@Override
	public void onMessage(org.springframework.amqp.core.Message token) {
		Instant tick = TickTokens.tick(token);
		if (tick == null || !tick.isAfter(this.lastTick)) {
			logger.debug("Dropping tick token " + tick + " of schedule '" + this.schedule.name() + "'");
			return;
		}
		Instant now = this.clock.instant();
		if (tick.isAfter(now)) {
			this.tokens.publish(this.schedule, tick).join();
			return;
		}
		// Ticks missed while no instance ran are not made up, beyond this late one.
		Instant next = this.schedule.nextTick(now.isAfter(tick) ? now : tick);
		if (next != null) {
			this.tokens.publish(this.schedule, next).join();
		}
		else {
			logger.warn("Schedule '" + this.schedule.name() + "' has no tick after " + tick + "; it ends");
		}
		// Only now: had passing the token on failed, the redelivered token must not look like a duplicate.
		this.lastTick = tick;
		fire(tick);
	}

	private void fire(Instant tick) {
		try {
			Message message = this.schedule.source().produce(tick);
			if (message != null) {
				PublishOptions options = PublishOptions.defaults()
					.withMessageId(messageId(this.serviceName, this.schedule.name(), tick))
					.withHeader(ScheduledHeaders.SCHEDULE, this.schedule.name())
					.withHeader(ScheduledHeaders.SCHEDULE_TICK, DateTimeFormatter.ISO_INSTANT.format(tick));
				publish(message, options).join();
			}
		}
		catch (Exception ex) {
			Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
			logger.error("Tick " + tick + " of schedule '" + this.schedule.name() + "' (" + this.schedule.description()
					+ ") failed and is skipped: " + cause, cause);
		}
	}

	private CompletableFuture<PublishReceipt> publish(Message message, PublishOptions options) {
		if (message instanceof Event event) {
			return this.publisher.publishEvent(event, options);
		}
		if (message instanceof Command command) {
			return this.publisher.sendCommand(command, this.schedule.targetService(), options);
		}
		if (message instanceof Query query) {
			return this.publisher.sendQuery(query, options);
		}
		throw new IllegalStateException("A schedule publishes an Event, Command or Query, not "
				+ message.getClass().getName());
	}

	/**
	 * The id of a tick's message: the same in every instance, so that receivers can recognise a repeat.
	 * @param serviceName the service name
	 * @param scheduleName the schedule name
	 * @param tick the tick time
	 * @return a name-based UUID
	 */
	static String messageId(String serviceName, String scheduleName, Instant tick) {
		String name = serviceName + "/" + scheduleName + "/" + tick.toEpochMilli();
		return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
	}

}
