package io.mmate.retry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Pauses a queue's consumption while its handler keeps failing with transient errors, typically because a database or
 * API it needs is down, instead of burning through every message's retries. Closed, it counts outcomes over a window
 * of recent calls; when enough calls fail it opens, and its {@link StateListener}s stop consuming, leaving messages in
 * the queue. After the open duration it is half-open: one trial message is let through; success closes it, failure
 * opens it again.
 */
public class CircuitBreaker implements AutoCloseable {

	/**
	 * The breaker's state.
	 */
	public enum State {

		/** Messages flow; outcomes are counted. */
		CLOSED,

		/** Consumption is paused. */
		OPEN,

		/** One trial message decides whether to close or open again. */
		HALF_OPEN

	}

	/**
	 * Told of every state change, on the breaker's own thread.
	 */
	@FunctionalInterface
	public interface StateListener {

		/**
		 * The state changed.
		 * @param from the previous state
		 * @param to the new state
		 */
		void stateChanged(State from, State to);

	}

	private static final Log logger = LogFactory.getLog(CircuitBreaker.class);

	private final String name;

	private final CircuitBreakerSettings settings;

	private final boolean[] window;

	private final List<StateListener> listeners = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService scheduler;

	private State state = State.CLOSED;

	private int next;

	private int calls;

	private int failures;

	private boolean trialInFlight;

	/**
	 * Create a breaker.
	 * @param name what it guards, for logs, usually the queue
	 * @param settings thresholds and durations
	 */
	public CircuitBreaker(String name, CircuitBreakerSettings settings) {
		this.name = name;
		this.settings = settings;
		this.window = new boolean[settings.slidingWindowSize()];
		CustomizableThreadFactory threads = new CustomizableThreadFactory("mmate-breaker-");
		threads.setDaemon(true);
		this.scheduler = Executors.newSingleThreadScheduledExecutor(threads);
	}

	/**
	 * Register a listener of state changes.
	 * @param listener the listener
	 */
	public void addListener(StateListener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Ask to handle a message.
	 * @return {@code true} to handle it; {@code false} to leave it in the queue
	 */
	public synchronized boolean tryAcquire() {
		return switch (this.state) {
			case CLOSED -> true;
			case OPEN -> false;
			case HALF_OPEN -> {
				boolean trial = !this.trialInFlight;
				this.trialInFlight = true;
				yield trial;
			}
		};
	}

	/**
	 * A message was handled.
	 */
	public synchronized void onSuccess() {
		if (this.state == State.HALF_OPEN) {
			transition(State.CLOSED);
		}
		else if (this.state == State.CLOSED) {
			record(false);
		}
	}

	/**
	 * A message failed with a transient error.
	 */
	public synchronized void onFailure() {
		if (this.state == State.HALF_OPEN) {
			transition(State.OPEN);
		}
		else if (this.state == State.CLOSED) {
			record(true);
			if (this.calls >= this.settings.minimumCalls()
					&& this.failures * 100 >= this.settings.failureRateThreshold() * this.calls) {
				transition(State.OPEN);
			}
		}
	}

	/**
	 * A message's outcome says nothing about the handler's dependencies (a permanent failure, a rejected message).
	 */
	public synchronized void onNeutral() {
		if (this.state == State.HALF_OPEN) {
			this.trialInFlight = false;
		}
	}

	/**
	 * The current state.
	 * @return the state
	 */
	public synchronized State state() {
		return this.state;
	}

	private void record(boolean failure) {
		if (this.calls == this.window.length) {
			this.failures -= this.window[this.next] ? 1 : 0;
		}
		else {
			this.calls++;
		}
		this.window[this.next] = failure;
		this.failures += failure ? 1 : 0;
		this.next = (this.next + 1) % this.window.length;
	}

	private void transition(State to) {
		State from = this.state;
		this.state = to;
		this.trialInFlight = false;
		this.calls = 0;
		this.failures = 0;
		this.next = 0;
		if (to == State.OPEN) {
			logger.warn("Circuit breaker of '" + this.name + "' opened: consumption pauses for "
					+ this.settings.openDuration() + " while the handler's failures look transient");
			this.scheduler.schedule(this::halfOpen, this.settings.openDuration().toMillis(), TimeUnit.MILLISECONDS);
		}
		else {
			logger.info("Circuit breaker of '" + this.name + "' is " + to.name().toLowerCase().replace('_', '-'));
		}
		this.scheduler.execute(() -> this.listeners.forEach((listener) -> listener.stateChanged(from, to)));
	}

	private synchronized void halfOpen() {
		if (this.state == State.OPEN) {
			transition(State.HALF_OPEN);
		}
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
