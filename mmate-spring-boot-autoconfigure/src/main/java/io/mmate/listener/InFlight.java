package io.mmate.listener;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts work in progress (handlers running, acknowledgements waiting for a reply's confirm) so that stopping can wait
 * until there is none.
 */
final class InFlight {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition none = this.lock.newCondition();

	private int count;

	void enter() {
		this.lock.lock();
		try {
			this.count++;
		}
		finally {
			this.lock.unlock();
		}
	}

	void leave() {
		this.lock.lock();
		try {
			if (--this.count == 0) {
				this.none.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wait until nothing is in progress.
	 * @param timeout how long to wait at most
	 * @return whether nothing is in progress
	 * @throws InterruptedException when interrupted while waiting
	 */
	boolean awaitNone(Duration timeout) throws InterruptedException {
		long nanos = timeout.toNanos();
		this.lock.lock();
		try {
			while (this.count > 0) {
				if (nanos <= 0) {
					return false;
				}
				nanos = this.none.awaitNanos(nanos);
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

}
