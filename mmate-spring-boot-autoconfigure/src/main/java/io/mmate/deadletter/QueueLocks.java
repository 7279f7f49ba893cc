package io.mmate.deadletter;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One operation at a time per dead-letter queue, in this instance. Locks exist only for the queues given at
 * creation, so that a request cannot make the map grow.
 */
final class QueueLocks {

	private final Map<String, Semaphore> locks = new ConcurrentHashMap<>();

	QueueLocks(Iterable<String> queues) {
		queues.forEach((queue) -> this.locks.put(queue, new Semaphore(1)));
	}

	/**
	 * Take the lock of a queue, waiting for the operation that holds it for a while.
	 * @param queue one of the queues given at creation
	 * @param wait how long to wait at most
	 * @return what releases the lock when closed
	 * @throws DeadLetterBusyException if the lock was not free in time
	 */
	Held acquire(String queue, Duration wait) {
		Semaphore lock = this.locks.get(queue);
		try {
			if (lock.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
				return lock::release;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		throw new DeadLetterBusyException("Another operation on the dead letters of '" + queue
				+ "' is still running; try again shortly");
	}

	/**
	 * A lock held; closing releases it.
	 */
	@FunctionalInterface
	interface Held extends AutoCloseable {

		@Override
		void close();

	}

}
