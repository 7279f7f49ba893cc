package io.mmate.metrics;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.mmate.topology.QueueStats;
import io.mmate.topology.QueueStatsReader;

/**
 * Gauges of the service queue's depth: {@value #DEPTH} with tag {@code messaging.destination.name} for the service queue
 * (messages ready), for its dead-letter queue, and for the delay mechanism's unroutable queue
 * ({@code mmate.delay.unroutable} or {@code mmate.delay.quorum.unroutable}), where delayed messages whose destination
 * is gone end up. Values come from the cached passive declarations of a
 * {@link QueueStatsReader}, so a scrape costs the broker at most one declaration per cache period; they are
 * {@code NaN} while the broker cannot be asked.
 */
public class QueueDepthMeters implements MeterBinder {

	/** The gauge of messages ready in a queue. */
	public static final String DEPTH = "mmate.queue.depth";

	private final QueueStatsReader stats;

	private final String queue;

	private final boolean deadLetterQueue;

	private final String unroutableQueue;

	/**
	 * Create the gauges' source.
	 * @param stats the reader of queue statistics
	 * @param queue the service queue
	 * @param deadLetterQueue whether the queue has a dead-letter queue
	 * @param unroutableQueue the queue of delayed messages whose destination was gone
	 */
	public QueueDepthMeters(QueueStatsReader stats, String queue, boolean deadLetterQueue, String unroutableQueue) {
		this.unroutableQueue = unroutableQueue;
		this.stats = stats;
		this.queue = queue;
		this.deadLetterQueue = deadLetterQueue;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		gauge(registry, this.queue, (reader) -> read(QueueStats::ready));
		if (this.deadLetterQueue) {
			gauge(registry, "dlq." + this.queue, (reader) -> read((stats) -> (stats.deadLetters() != null)
					? stats.deadLetters() : Double.NaN));
		}
		// Delayed messages whose destination queue was gone when they fell due: they wait here to be looked at.
		gauge(registry, this.unroutableQueue, (reader) -> read(this.unroutableQueue, false, QueueStats::ready));
	}

	private void gauge(MeterRegistry registry, String queue, ToDoubleFunction<QueueStatsReader> value) {
		Gauge.builder(DEPTH, this.stats, value)
			.description("Messages ready in a service queue or its dead-letter queue")
			.tags(MeterTags.SYSTEM, MeterTags.RABBITMQ, MeterTags.DESTINATION, queue)
			.register(registry);
	}

	private double read(ToDoubleFunction<QueueStats> value) {
		return read(this.queue, this.deadLetterQueue, value);
	}

	private double read(String queue, boolean withDeadLetters, ToDoubleFunction<QueueStats> value) {
		try {
			QueueStats stats = this.stats.read(queue, withDeadLetters);
			return stats.exists() ? value.applyAsDouble(stats) : Double.NaN;
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

}
