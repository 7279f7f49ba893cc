package io.mmate.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import io.mmate.Message;

import org.springframework.scheduling.support.CronExpression;

/**
 * One recurring schedule of a service: when it ticks, what it publishes, and the two queues its tick token
 * circulates through.
 *
 * @param name the schedule name, unique within the service
 * @param queue the queue that delivers due tick tokens to the one active consumer among the instances
 * @param waitQueue the queue a tick token waits in until its tick, then dead-letters into {@code queue}
 * @param cron when it ticks
 * @param zone the zone the cron expression is read in
 * @param targetService the receiver of a command, else {@code null}
 * @param source produces the message of a tick
 * @param description what declared it, for messages
 */
public record RecurringSchedule(String name, String queue, String waitQueue, CronExpression cron, ZoneId zone,
		String targetService, TickSource source, String description) {

	/**
	 * The first tick after a time.
	 * @param after the time
	 * @return the next tick, or {@code null} when the expression matches no later time
	 */
	public Instant nextTick(Instant after) {
		ZonedDateTime next = this.cron.next(after.atZone(this.zone));
		return (next != null) ? next.toInstant() : null;
	}

	/**
	 * Produces the message of one tick.
	 */
	@FunctionalInterface
	public interface TickSource {

		/**
		 * The message to publish for a tick.
		 * @param tick the tick time
		 * @return the message, or {@code null} to publish nothing for this tick
		 * @throws Exception when it cannot be produced; the tick is then skipped
		 */
		Message produce(Instant tick) throws Exception;

	}

}
