package io.mmate.listener;

import io.mmate.failure.Failure;
import io.mmate.failure.Settlement;
import io.mmate.retry.CircuitBreaker;

/**
 * A queue's circuit breaker as the listener sees it: whether a delivery may go on to its handler, and what its
 * settlement tells the breaker. Only transient failures count against the breaker; permanent failures and messages
 * refused on arrival say nothing about the handler's dependencies.
 */
final class BreakerGate {

	private final CircuitBreaker breaker;

	/**
	 * @param breaker the breaker, or {@code null} for a queue without one
	 */
	BreakerGate(CircuitBreaker breaker) {
		this.breaker = breaker;
	}

	CircuitBreaker breaker() {
		return this.breaker;
	}

	boolean admits() {
		return this.breaker == null || this.breaker.tryAcquire();
	}

	void record(Settlement settlement) {
		if (this.breaker == null) {
			return;
		}
		Failure failure = settlement.failure();
		if (failure == null && !(settlement instanceof Settlement.RequeueCounted)) {
			this.breaker.onSuccess();
		}
		else if (failure != null && failure.transientFailure()) {
			this.breaker.onFailure();
		}
		else {
			this.breaker.onNeutral();
		}
	}

}
