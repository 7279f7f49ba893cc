package io.mmate.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.mmate.PublishReceipt;
import io.mmate.publish.PublisherChannel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;

/**
 * The tick tokens of recurring schedules. A token is an empty persistent message that carries its tick time; it
 * waits in the schedule's wait queue for a per-message TTL that ends at the tick, then expires into the schedule's
 * queue. Normally exactly one token per schedule exists, passed on from tick to tick; every instance starts one
 * when it finds none, and the active consumer drops the extra ones that racing instances start.
 */
public class TickTokens {

	/** Longest single wait: a token due later waits again when it arrives early. Far below the broker's limit. */
	static final Duration MAX_WAIT = Duration.ofDays(1);

	private static final Log logger = LogFactory.getLog(TickTokens.class);

	private final PublisherChannel channel;

	private final RabbitAdmin admin;

	private final Duration confirmTimeout;

	private final Clock clock;

	private final MessagePropertiesConverter propertiesConverter = new DefaultMessagePropertiesConverter();

	/**
	 * Create the tokens' publisher.
	 * @param channel the confirming channel
	 * @param admin reads queue depths
	 * @param confirmTimeout how long to wait for the broker's confirm
	 * @param clock the clock the waits are measured on
	 */
	public TickTokens(PublisherChannel channel, RabbitAdmin admin, Duration confirmTimeout, Clock clock) {
		this.channel = channel;
		this.admin = admin;
		this.confirmTimeout = confirmTimeout;
		this.clock = clock;
	}

	/**
	 * Publish a token that reaches the schedule's queue at its tick, or at once when the tick has passed.
	 * @param schedule the schedule
	 * @param tick the tick time
	 * @return completes when the broker confirms the token
	 */
	public CompletableFuture<PublishReceipt> publish(RecurringSchedule schedule, Instant tick) {
		MessageProperties properties = new MessageProperties();
		properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
		properties.setMessageId(UUID.randomUUID().toString());
		properties.setHeader(ScheduledHeaders.SCHEDULE, schedule.name());
		properties.setHeader(ScheduledHeaders.SCHEDULE_TICK, tick.toEpochMilli());
		long wait = Math.max(0, tick.toEpochMilli() - this.clock.millis());
		properties.setExpiration(Long.toString(Math.min(wait, MAX_WAIT.toMillis())));
		return this.channel.publish("", schedule.waitQueue(), true,
				this.propertiesConverter.fromMessageProperties(properties, "UTF-8"), new byte[0], this.confirmTimeout);
	}

	/**
	 * Start a token for the next tick when the schedule has none waiting or due. A token a consumer holds at this
	 * moment is not counted, so this may start a second one; the active consumer drops it at its tick.
	 * @param schedule the schedule
	 * @return whether a token was started
	 */
	public boolean startIfMissing(RecurringSchedule schedule) {
		QueueInformation waiting = this.admin.getQueueInfo(schedule.waitQueue());
		QueueInformation due = this.admin.getQueueInfo(schedule.queue());
		if (waiting == null || due == null || waiting.getMessageCount() + due.getMessageCount() > 0) {
			return false;
		}
		Instant tick = schedule.nextTick(this.clock.instant());
		if (tick == null) {
			return false;
		}
		publish(schedule, tick).join();
		logger.info("Started the tick token of schedule '" + schedule.name() + "' for its tick at " + tick);
		return true;
	}

	/**
	 * The tick time a token carries.
	 * @param token a delivered token
	 * @return the tick time, or {@code null} when the message is not a token
	 */
	public static Instant tick(Message token) {
		Object tick = token.getMessageProperties().getHeader(ScheduledHeaders.SCHEDULE_TICK);
		return (tick instanceof Number millis) ? Instant.ofEpochMilli(millis.longValue()) : null;
	}

}
