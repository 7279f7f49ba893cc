package io.mmate.retry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mmate.retry.CircuitBreaker.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link CircuitBreaker}.
 */
class CircuitBreakerTests {

	private final CircuitBreaker breaker = new CircuitBreaker("q",
			new CircuitBreakerSettings(50, 4, 4, Duration.ofMillis(200)));

	private final List<String> changes = new CopyOnWriteArrayList<>();

	CircuitBreakerTests() {
		this.breaker.addListener((from, to) -> this.changes.add(from + "->" + to));
	}

	@AfterEach
	void close() {
		this.breaker.close();
	}

	@Test
	void staysClosedUntilTheWindowHoldsTheMinimumCalls() {
		this.breaker.onFailure();
		this.breaker.onFailure();
		this.breaker.onFailure();
		assertThat(this.breaker.state()).isEqualTo(State.CLOSED);
		this.breaker.onFailure();
		assertThat(this.breaker.state()).isEqualTo(State.OPEN);
		assertThat(this.breaker.tryAcquire()).isFalse();
	}

	@Test
	void opensAtTheFailureRateOverTheSlidingWindow() {
		this.breaker.onSuccess();
		this.breaker.onSuccess();
		this.breaker.onSuccess();
		this.breaker.onFailure();
		assertThat(this.breaker.state()).isEqualTo(State.CLOSED);
		// The window holds the last four calls: success, success, failure, failure is 50 %.
		this.breaker.onFailure();
		this.breaker.onFailure();
		assertThat(this.breaker.state()).isEqualTo(State.OPEN);
	}

	@Test
	void neutralOutcomesDoNotCount() {
		for (int i = 0; i < 10; i++) {
			this.breaker.onNeutral();
		}
		assertThat(this.breaker.state()).isEqualTo(State.CLOSED);
	}

	@Test
	void halfOpenLetsOneTrialThroughThenClosesOnSuccess() {
		open();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.breaker.state() == State.HALF_OPEN);
		assertThat(this.breaker.tryAcquire()).isTrue();
		assertThat(this.breaker.tryAcquire()).isFalse();
		this.breaker.onSuccess();
		assertThat(this.breaker.state()).isEqualTo(State.CLOSED);
		assertThat(this.breaker.tryAcquire()).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.changes.size() == 3);
		assertThat(this.changes).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
	}

	@Test
	void failedTrialOpensAgain() {
		open();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.breaker.state() == State.HALF_OPEN);
		assertThat(this.breaker.tryAcquire()).isTrue();
		this.breaker.onFailure();
		assertThat(this.breaker.state()).isEqualTo(State.OPEN);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.breaker.state() == State.HALF_OPEN);
	}

	@Test
	void neutralTrialLetsTheNextTrialThrough() {
		open();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.breaker.state() == State.HALF_OPEN);
		assertThat(this.breaker.tryAcquire()).isTrue();
		this.breaker.onNeutral();
		assertThat(this.breaker.tryAcquire()).isTrue();
	}

	private void open() {
		for (int i = 0; i < 4; i++) {
			this.breaker.onFailure();
		}
		assertThat(this.breaker.state()).isEqualTo(State.OPEN);
	}

}
