package io.mmate.outbox;

import java.util.function.DoubleSupplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.mmate.metrics.MeterTags;

/**
 * The outbox's gauges: {@code mmate.outbox.pending}, the unsent rows, and {@code mmate.outbox.oldest.age}, how long
 * the oldest of them has waited, in seconds. Both are NaN while the table cannot be read.
 */
public class OutboxMeters implements MeterBinder {

	private final OutboxBacklogMonitor monitor;

	/**
	 * Create the meters.
	 * @param monitor the backlog
	 */
	public OutboxMeters(OutboxBacklogMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("mmate.outbox.pending", this.monitor, (monitor) -> read(() -> monitor.backlog().pending()))
			.description("Rows of the transactional outbox not yet published")
			.baseUnit("rows")
			.tag(MeterTags.SYSTEM, MeterTags.RABBITMQ)
			.register(registry);
		Gauge
			.builder("mmate.outbox.oldest.age", this.monitor,
					(monitor) -> read(() -> monitor.oldestAge().toMillis() / 1000.0))
			.description("How long the oldest unpublished row of the transactional outbox has waited")
			.baseUnit("seconds")
			.tag(MeterTags.SYSTEM, MeterTags.RABBITMQ)
			.register(registry);
	}

	private static double read(DoubleSupplier value) {
		try {
			return value.getAsDouble();
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

}
