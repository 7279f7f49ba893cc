package io.mmate.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A rate in steady state: a counter read once a second for a fixed duration, the first seconds (the warm-up: class
 * loading, JIT compilation, queue creation, the first credit round trips) dropped, and the median of the remaining
 * per-second rates reported. Every variant of a comparison is measured for the same duration with the same warm-up.
 *
 * @param seconds how long each variant runs, warm-up included
 * @param warmUp how many of the first seconds are dropped
 */
record SteadyRate(int seconds, int warmUp) {

	SteadyRate {
		if (warmUp >= seconds) {
			throw new IllegalArgumentException("The warm-up (" + warmUp + " s) must be shorter than the run (" + seconds
					+ " s)");
		}
	}

	/**
	 * Read the counter once a second for the duration.
	 * @param counter the messages counted so far
	 * @return the median of the per-second rates after the warm-up
	 * @throws InterruptedException when interrupted
	 */
	double measure(LongSupplier counter) throws InterruptedException {
		return measure(counter, null);
	}

	/**
	 * Read the counter once a second for the duration, and measure the seconds after the warm-up.
	 * @param counter the messages counted so far
	 * @param measurement started when the warm-up ends and stopped at the end, with the messages counted in between;
	 * may be {@code null}
	 * @return the median of the per-second rates after the warm-up
	 * @throws InterruptedException when interrupted
	 */
	double measure(LongSupplier counter, Measurement measurement) throws InterruptedException {
		List<Double> rates = new ArrayList<>();
		long warm = 0;
		long last = counter.getAsLong();
		long lastNanos = System.nanoTime();
		for (int second = 1; second <= this.seconds; second++) {
			// Sleep to the next whole second from the start, so that a slow read does not shift the later ones.
			long due = lastNanos + 1_000_000_000L;
			long wait = due - System.nanoTime();
			if (wait > 0) {
				Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
			}
			long now = System.nanoTime();
			long count = counter.getAsLong();
			rates.add((count - last) / ((now - lastNanos) / 1e9));
			last = count;
			lastNanos = now;
			if (measurement != null && second == this.warmUp) {
				measurement.start();
				warm = count;
			}
		}
		if (measurement != null) {
			measurement.stop(last - warm);
		}
		return median(rates);
	}

	/**
	 * The median of per-second rates reported by a tool of its own, after the warm-up.
	 * @param perSecond the rates, one per second from the start
	 * @return the median of those after the warm-up
	 */
	double median(List<Double> perSecond) {
		if (perSecond.size() <= this.warmUp) {
			throw new IllegalStateException(
					"No per-second rate after the " + this.warmUp + " s warm-up, only " + perSecond.size());
		}
		// A tool may report one more second than asked for, a partial one at the end: left out too.
		List<Double> sorted = perSecond.subList(this.warmUp, Math.min(perSecond.size(), this.seconds))
			.stream()
			.sorted()
			.toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

}
