package io.mmate.health;

import io.mmate.outbox.OutboxBacklog;
import io.mmate.outbox.OutboxBacklogMonitor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the transactional outbox: UP with the number of unsent rows and the age of the oldest, DEGRADED when more
 * rows than the threshold wait (the broker or the relay does not keep up), DOWN when the table cannot be read.
 */
public class OutboxHealthIndicator extends AbstractHealthIndicator {

	private final OutboxBacklogMonitor monitor;

	private final @Nullable Long degradedThreshold;

	/**
	 * Create the indicator.
	 * @param monitor the outbox's backlog
	 * @param degradedThreshold the number of unsent rows above which the status is DEGRADED, {@code null} for none
	 */
	public OutboxHealthIndicator(OutboxBacklogMonitor monitor, @Nullable Long degradedThreshold) {
		super("The outbox table could not be read");
		this.monitor = monitor;
		this.degradedThreshold = degradedThreshold;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		OutboxBacklog backlog = this.monitor.backlog();
		builder.withDetail("pending", backlog.pending())
			.withDetail("oldestAgeSeconds", this.monitor.oldestAge().toSeconds());
		if (this.degradedThreshold != null) {
			builder.withDetail("degradedThreshold", this.degradedThreshold);
		}
		if (this.degradedThreshold != null && backlog.pending() > this.degradedThreshold) {
			builder.status(MmateHealthIndicator.DEGRADED);
		}
		else {
			builder.up();
		}
	}

}
