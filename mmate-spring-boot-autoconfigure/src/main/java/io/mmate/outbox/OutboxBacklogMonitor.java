package io.mmate.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The outbox's backlog for meters and health: read from the table at most once per time to live, so that frequent
 * scrapes do not query the database each time.
 */
public class OutboxBacklogMonitor {

	private final JdbcOutboxStore store;

	private final Duration timeToLive;

	private final Clock clock;

	private OutboxBacklog cached;

	private Instant readAt = Instant.MIN;

	/**
	 * Create a monitor.
	 * @param store the outbox table
	 * @param timeToLive how long a backlog read is reused
	 * @param clock the clock
	 */
	public OutboxBacklogMonitor(JdbcOutboxStore store, Duration timeToLive, Clock clock) {
		this.store = store;
		this.timeToLive = timeToLive;
		this.clock = clock;
	}

	/**
	 * The backlog, read from the table when the last read is older than the time to live.
	 * @return the backlog
	 * @throws org.springframework.dao.DataAccessException when the table cannot be read
	 */
	public synchronized OutboxBacklog backlog() {
		Instant now = this.clock.instant();
		if (this.cached == null || !this.readAt.plus(this.timeToLive).isAfter(now)) {
			this.cached = this.store.backlog();
			this.readAt = now;
		}
		return this.cached;
	}

	/**
	 * How long the oldest unsent row has waited.
	 * @return the age, {@link Duration#ZERO} when there is no unsent row
	 */
	public Duration oldestAge() {
		Instant oldest = backlog().oldestCreatedAt();
		if (oldest == null) {
			return Duration.ZERO;
		}
		Duration age = Duration.between(oldest, this.clock.instant());
		return age.isNegative() ? Duration.ZERO : age;
	}

}
