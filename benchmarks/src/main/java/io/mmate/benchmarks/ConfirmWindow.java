package io.mmate.benchmarks;

import java.time.Duration;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * At most so many published messages unconfirmed at a time, as PerfTest's {@code -c}: a publisher takes a permit
 * before each message and the broker's confirm gives it back. Counts the confirms, and keeps the first failure.
 * Confirms arrive either per message ({@link #completed}) or as channel delivery tags, possibly several at once
 * ({@link #sent}, {@link #acked}).
 */
final class ConfirmWindow {

	private final int size;

	private final Semaphore permits;

	private final AtomicLong confirmed = new AtomicLong();

	private final AtomicReference<Throwable> failure = new AtomicReference<>();

	private final NavigableSet<Long> outstanding = new ConcurrentSkipListSet<>();

	ConfirmWindow(int size) {
		this.size = size;
		this.permits = new Semaphore(size);
	}

	int size() {
		return this.size;
	}

	/**
	 * Wait for room for one more message.
	 * @throws InterruptedException when interrupted
	 */
	void acquire() throws InterruptedException {
		this.permits.acquire();
	}

	/**
	 * One message's confirm, or its failure.
	 * @param result what the confirm completed with, ignored
	 * @param error the failure, or {@code null}
	 */
	void completed(Object result, Throwable error) {
		if (error != null) {
			this.failure.compareAndSet(null, error);
		}
		this.confirmed.incrementAndGet();
		this.permits.release();
	}

	/**
	 * Messages confirmed all together by a call that waited for them, without permits.
	 * @param messages how many
	 */
	void confirmedAtOnce(int messages) {
		this.confirmed.addAndGet(messages);
	}

	/**
	 * A message is about to be published on a confirming channel.
	 * @param deliveryTag the channel's next publish sequence number
	 */
	void sent(long deliveryTag) {
		this.outstanding.add(deliveryTag);
	}

	/**
	 * The broker confirmed one or more messages of the channel.
	 * @param deliveryTag the tag
	 * @param multiple whether every tag up to it is confirmed
	 */
	void acked(long deliveryTag, boolean multiple) {
		int count;
		if (multiple) {
			NavigableSet<Long> upTo = this.outstanding.headSet(deliveryTag, true);
			count = upTo.size();
			upTo.clear();
		}
		else {
			count = this.outstanding.remove(deliveryTag) ? 1 : 0;
		}
		this.confirmed.addAndGet(count);
		this.permits.release(count);
	}

	/**
	 * The broker refused one or more messages of the channel.
	 * @param deliveryTag the tag
	 * @param multiple whether every tag up to it is refused
	 */
	void nacked(long deliveryTag, boolean multiple) {
		this.failure.compareAndSet(null, new IllegalStateException("The broker refused message " + deliveryTag));
		acked(deliveryTag, multiple);
	}

	long confirmed() {
		return this.confirmed.get();
	}

	/**
	 * Wait until nothing is unconfirmed, and fail if anything was refused.
	 * @param timeout how long to wait
	 * @throws InterruptedException when interrupted
	 */
	void awaitAll(Duration timeout) throws InterruptedException {
		if (!this.permits.tryAcquire(this.size, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("Messages still unconfirmed " + timeout + " after publishing stopped");
		}
		this.permits.release(this.size);
		if (this.failure.get() != null) {
			throw new IllegalStateException("A message was not confirmed", this.failure.get());
		}
	}

}
