package io.mmate;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes events, commands and queries later: the broker holds each message until its due time, then delivers it
 * to its normal exchange with its normal routing key, so receivers see an ordinary message. Use it for reminders,
 * timeouts and deferred work that must survive a restart of this service; use {@link MmateScheduled} for messages
 * that recur.
 *
 * <p>A message is never delivered before its due time and never silently at once: the broker's delayed-message
 * plugin holds it when the broker has one, a plugin-free topology of TTL level queues otherwise (which rounds delays
 * up to whole seconds). A due time in the past is delivered as soon as possible. Every returned future completes
 * when the broker confirms the <em>delayed</em> message, long before delivery, and its receipt names the exchange
 * and routing key it will be delivered to. It fails like a {@link MessagePublisher} future when the broker refuses
 * or does not confirm the delayed message.
 *
 * <p>At its due time a running instance of any Java Mmate service on the broker moves the message to its exchange,
 * confirmed; with no instance running it waits, durably, and is delivered late. A command or query that no queue
 * is bound for at its due time is dead-lettered to {@code dlq.mmate.delay.scheduled} with the reason.
 *
 * <p>Inside a Spring-managed transaction a message is scheduled when the transaction commits, and not at all when it
 * rolls back, as {@link MessagePublisher} does.
 *
 * <p>Scheduling is publishing: {@link PublishInterceptor}s see each message once, when it is scheduled, with the
 * exchange and routing key it will be delivered to, and it is observed then as a publish, so it counts in
 * {@code mmate.messages.published} and carries the current trace context to its handler.
 */
public interface MessageScheduler {

	/**
	 * Publish an event at a time.
	 * @param event the event
	 * @param at when to deliver it
	 * @return completes when the broker confirms the delayed event
	 */
	default CompletableFuture<PublishReceipt> scheduleEvent(Event event, Instant at) {
		return scheduleEvent(event, at, PublishOptions.defaults());
	}

	/**
	 * Publish an event at a time, with options. A {@linkplain PublishOptions#withTtl(Duration) time to live} counts
	 * from the due time.
	 * @param event the event
	 * @param at when to deliver it
	 * @param options how to publish it
	 * @return completes when the broker confirms the delayed event
	 */
	CompletableFuture<PublishReceipt> scheduleEvent(Event event, Instant at, PublishOptions options);

	/**
	 * Send a command at a time.
	 * @param command the command
	 * @param targetService the service name of the receiver
	 * @param at when to deliver it
	 * @return completes when the broker confirms the delayed command
	 */
	default CompletableFuture<PublishReceipt> scheduleCommand(Command command, String targetService, Instant at) {
		return scheduleCommand(command, targetService, at, PublishOptions.defaults());
	}

	/**
	 * Send a command at a time, with options.
	 * @param command the command
	 * @param targetService the service name of the receiver
	 * @param at when to deliver it
	 * @param options how to send it
	 * @return completes when the broker confirms the delayed command
	 */
	CompletableFuture<PublishReceipt> scheduleCommand(Command command, String targetService, Instant at,
			PublishOptions options);

	/**
	 * Send a query at a time; set the reply address with {@link PublishOptions#withReplyTo(String)}.
	 * @param query the query
	 * @param at when to deliver it
	 * @param options how to send it
	 * @return completes when the broker confirms the delayed query
	 */
	CompletableFuture<PublishReceipt> scheduleQuery(Query query, Instant at, PublishOptions options);

	/**
	 * Publish an event after a delay.
	 * @param event the event
	 * @param delay how long from now, not negative
	 * @return completes when the broker confirms the delayed event
	 */
	default CompletableFuture<PublishReceipt> publishEventWithDelay(Event event, Duration delay) {
		return scheduleEvent(event, dueAfter(delay));
	}

	/**
	 * Send a command after a delay.
	 * @param command the command
	 * @param targetService the service name of the receiver
	 * @param delay how long from now, not negative
	 * @return completes when the broker confirms the delayed command
	 */
	default CompletableFuture<PublishReceipt> sendCommandWithDelay(Command command, String targetService,
			Duration delay) {
		return scheduleCommand(command, targetService, dueAfter(delay));
	}

	/**
	 * Send a query after a delay.
	 * @param query the query
	 * @param delay how long from now, not negative
	 * @param options how to send it
	 * @return completes when the broker confirms the delayed query
	 */
	default CompletableFuture<PublishReceipt> sendQueryWithDelay(Query query, Duration delay,
			PublishOptions options) {
		return scheduleQuery(query, dueAfter(delay), options);
	}

	private static Instant dueAfter(Duration delay) {
		if (delay == null || delay.isNegative()) {
			throw new IllegalArgumentException("delay must not be negative, was " + delay);
		}
		return Instant.now().plus(delay);
	}

}
