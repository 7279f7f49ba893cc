package io.mmate.test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

import org.springframework.amqp.core.Message;

/**
 * The messages the harness holds for later, in the place of the broker's delay machinery: delayed redeliveries and
 * scheduled messages, each released once the {@link HarnessClock} has reached its due time, earliest first and in the
 * order they were held when due at the same time.
 */
final class DueMessages {

	private final PriorityQueue<Held> held = new PriorityQueue<>();

	private long sequence;

	/**
	 * Hold a message.
	 * @param due when it is released
	 * @param exchange the exchange it is delivered from when due
	 * @param routingKey the routing key it is delivered with
	 * @param message the message, as it will be delivered
	 * @param redelivery whether it is a failed message on its way back to its queue, rather than a scheduled one
	 */
	synchronized void hold(Instant due, String exchange, String routingKey, Message message, boolean redelivery) {
		this.held.add(new Held(due, this.sequence++, exchange, routingKey, message, redelivery));
	}

	/**
	 * Take every message due at a time.
	 * @param now the time
	 * @return the due messages, earliest first
	 */
	synchronized List<Held> takeDue(Instant now) {
		List<Held> due = new ArrayList<>();
		while (!this.held.isEmpty() && !this.held.peek().due().isAfter(now)) {
			due.add(this.held.poll());
		}
		return due;
	}

	synchronized int size() {
		return this.held.size();
	}

	synchronized void clear() {
		this.held.clear();
	}

	/**
	 * One message held.
	 *
	 * @param due when it is released
	 * @param sequence the order it was held in
	 * @param exchange the exchange it is delivered from
	 * @param routingKey the routing key it is delivered with
	 * @param message the message
	 * @param redelivery whether it is a failed message on its way back to its queue
	 */
	record Held(Instant due, long sequence, String exchange, String routingKey, Message message,
			boolean redelivery) implements Comparable<Held> {

		@Override
		public int compareTo(Held other) {
			int byTime = this.due.compareTo(other.due);
			return (byTime != 0) ? byTime : Long.compare(this.sequence, other.sequence);
		}

	}

}
