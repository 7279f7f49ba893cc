package io.mmate.schedule;

/**
 * AMQP headers of scheduled messages and tick tokens. The {@code x-mmate-scheduled-*} control headers travel only
 * while a message is delayed: the relay removes them before delivery, and the envelope body never holds them.
 */
public final class ScheduledHeaders {

	/** The exchange a delayed message is delivered to when due. */
	public static final String EXCHANGE = "x-mmate-scheduled-exchange";

	/** The routing key a delayed message is delivered with when due. */
	public static final String ROUTING_KEY = "x-mmate-scheduled-routing-key";

	/** Whether delivery when due is mandatory, {@code true} or {@code false}. */
	public static final String MANDATORY = "x-mmate-scheduled-mandatory";

	/** The message's own time to live in milliseconds, applied from the due time on. */
	public static final String EXPIRATION = "x-mmate-scheduled-expiration";

	/** Milliseconds still to wait after this hop, for delays longer than the mechanism holds in one hop. */
	public static final String REMAINING = "x-mmate-scheduled-remaining";

	/** The due time as RFC 3339 text; kept on the delivered message. */
	public static final String SCHEDULED_FOR = "x-mmate-scheduled-for";

	/** The name of the recurring schedule that published a message, or that a tick token belongs to. */
	public static final String SCHEDULE = "x-mmate-schedule";

	/** The tick time: RFC 3339 text on a published message, epoch milliseconds on a tick token. */
	public static final String SCHEDULE_TICK = "x-mmate-schedule-tick";

	private ScheduledHeaders() {
	}

}
