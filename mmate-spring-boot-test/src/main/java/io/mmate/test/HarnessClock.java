package io.mmate.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.util.Assert;

/**
 * The virtual time of a {@link MmateTestHarness}: the system time plus whatever the test has
 * {@linkplain #advance(Duration) advanced} it by. Delayed redeliveries and scheduled messages fall due on this clock,
 * so a test releases a delay of hours at once instead of waiting for it.
 *
 * <p>It follows the system clock rather than standing still because application code often computes due times with
 * {@link Instant#now()}: a reminder scheduled for {@code Instant.now().plus(30 minutes)} is due once the harness has
 * advanced by 30 minutes, however long the test itself took.
 */
public final class HarnessClock extends Clock {

	private final Clock system;

	private volatile Duration offset = Duration.ZERO;

	/**
	 * Create a clock on the system UTC clock.
	 */
	public HarnessClock() {
		this(Clock.systemUTC());
	}

	/**
	 * Create a clock on another base clock.
	 * @param system the clock that real time is read from
	 */
	public HarnessClock(Clock system) {
		this.system = system;
	}

	/**
	 * Move virtual time forward.
	 * @param duration how far, not negative
	 */
	public synchronized void advance(Duration duration) {
		Assert.isTrue(duration != null && !duration.isNegative(), () -> "duration must not be negative: " + duration);
		this.offset = this.offset.plus(duration);
	}

	/**
	 * How far virtual time is ahead of real time.
	 * @return the sum of every advance since the last reset
	 */
	public Duration offset() {
		return this.offset;
	}

	/**
	 * Make virtual time real time again.
	 */
	public synchronized void reset() {
		this.offset = Duration.ZERO;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("The harness clock is always UTC");
	}

	@Override
	public Instant instant() {
		return this.system.instant().plus(this.offset);
	}

}
