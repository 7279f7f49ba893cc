package io.mmate.deadletter;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link QueueLocks}.
 */
class QueueLocksTests {

	private final QueueLocks locks = new QueueLocks(List.of("orders-queue", "billing-queue"));

	@Test
	void secondOperationOnAQueueIsBusyUntilTheFirstEnds() {
		try (QueueLocks.Held held = this.locks.acquire("orders-queue", Duration.ZERO)) {
			assertThatExceptionOfType(DeadLetterBusyException.class)
				.isThrownBy(() -> this.locks.acquire("orders-queue", Duration.ofMillis(50)))
				.withMessage("Another operation on the dead letters of 'orders-queue' is still running; try again "
						+ "shortly");
			assertThatNoException().isThrownBy(() -> this.locks.acquire("billing-queue", Duration.ZERO).close());
		}
		assertThatNoException().isThrownBy(() -> this.locks.acquire("orders-queue", Duration.ZERO).close());
	}

}
