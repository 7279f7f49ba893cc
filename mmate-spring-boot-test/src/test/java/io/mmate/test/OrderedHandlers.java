package io.mmate.test;

import java.util.concurrent.atomic.AtomicInteger;

import io.mmate.MmateHandler;
import io.mmate.test.WorkMessages.Tick;

/**
 * A partitioned handler that always fails: its queue keeps its order, so a failed message is never redelivered later.
 */
public class OrderedHandlers {

	final AtomicInteger attempts = new AtomicInteger();

	@MmateHandler(partitioned = true)
	public void on(Tick tick) {
		this.attempts.incrementAndGet();
		throw new IllegalStateException("dependency down");
	}

}
