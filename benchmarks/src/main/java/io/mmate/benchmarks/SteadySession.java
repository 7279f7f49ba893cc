package io.mmate.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * One variant set up for a steady-state run: its application, its queue and, when the run consumes, its consumer.
 * {@link #run} publishes from a thread of its own for the run's duration, at most {@link ThroughputVariant#UNCONFIRMED}
 * messages unconfirmed, and measures the rate once a second.
 */
interface SteadySession {

	/**
	 * Publish on the calling thread until told to stop, within the window.
	 * @param window the unconfirmed messages allowed, and the confirm count
	 * @param running whether to go on
	 * @throws Exception when publishing fails
	 */
	void publish(ConfirmWindow window, BooleanSupplier running) throws Exception;

	/**
	 * The messages the consumer has handled so far.
	 * @return the count, 0 without a consumer
	 */
	long consumed();

	/**
	 * Run: publish for the run's duration and measure the median per-second rate after the warm-up, of the messages
	 * consumed or, without a consumer, of the messages confirmed.
	 * @param steady the duration and warm-up
	 * @param consume whether the rate is that of the consumer
	 * @param measurement spans the measured seconds
	 * @return the rate
	 * @throws Exception when the run fails
	 */
	default double run(SteadyRate steady, boolean consume, Measurement measurement) throws Exception {
		ConfirmWindow window = new ConfirmWindow(ThroughputVariant.UNCONFIRMED);
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread publisher = new Thread(() -> {
			try {
				publish(window, running::get);
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		}, "steady-publisher");
		publisher.start();
		double rate;
		try {
			rate = steady.measure(consume ? this::consumed : window::confirmed, measurement);
		}
		finally {
			running.set(false);
			publisher.join(TimeUnit.MINUTES.toMillis(1));
		}
		if (failure.get() != null) {
			throw new IllegalStateException("Publishing failed", failure.get());
		}
		window.awaitAll(Duration.ofMinutes(1));
		return rate;
	}

}
