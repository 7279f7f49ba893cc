package io.mmate.test.broker;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * A queue a {@link BrokerProbe} declared for one test: non-durable, exclusive to the probe's connection, deleted when
 * it is closed (or the connection closes). A reply queue's {@link #name()} is the reply address to send with a
 * request.
 */
public final class TemporaryQueue implements AutoCloseable {

	private final String name;

	private final BrokerProbe probe;

	TemporaryQueue(String name, BrokerProbe probe) {
		this.name = name;
		this.probe = probe;
	}

	/**
	 * The queue's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Await the next message of this queue.
	 * @param timeout how long to wait at most
	 * @return the message
	 * @throws AssertionError if none arrives in time
	 */
	public ReceivedEnvelope awaitEnvelope(Duration timeout) {
		return this.probe.awaitEnvelope(this.name, timeout);
	}

	/**
	 * Await the first message of this queue that matches, dropping the ones before it.
	 * @param matching what the message must satisfy
	 * @param timeout how long to wait at most
	 * @return the message
	 * @throws AssertionError if none that matches arrives in time
	 */
	public ReceivedEnvelope awaitEnvelope(Predicate<ReceivedEnvelope> matching, Duration timeout) {
		return this.probe.awaitEnvelope(this.name, matching, timeout);
	}

	/**
	 * Await the next {@code count} messages of this queue.
	 * @param count how many
	 * @param timeout how long to wait for all of them at most
	 * @return the messages
	 * @throws AssertionError if fewer arrive in time
	 */
	public List<ReceivedEnvelope> awaitEnvelopes(int count, Duration timeout) {
		return this.probe.awaitEnvelopes(this.name, count, timeout);
	}

	/**
	 * Delete the queue.
	 */
	@Override
	public void close() {
		this.probe.delete(this.name);
	}

	@Override
	public String toString() {
		return this.name;
	}

}
