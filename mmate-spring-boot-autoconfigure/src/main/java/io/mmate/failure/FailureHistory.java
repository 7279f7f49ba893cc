package io.mmate.failure;

import java.util.Map;

import org.springframework.amqp.core.MessageProperties;

/**
 * What a message's headers say of its earlier failures. The counters come from whoever sent the message, so they are
 * read only on the starter's own copies, and even there not trusted: a counter that is not a whole number of zero or
 * more is taken as exhausted, so that the message is dead-lettered rather than retried without end, and every sum
 * saturates instead of overflowing.
 *
 * @param redeliveries delayed redeliveries through the broker so far
 * @param deliveries deliveries that came back unacknowledged so far, on queues that count them
 * @param attempts handler calls so far, over all earlier deliveries
 */
public record FailureHistory(long redeliveries, long deliveries, long attempts) {

	/** A message that never failed. */
	public static final FailureHistory NONE = new FailureHistory(0, 0, 0);

	// The exchanges of the delay machinery, classic or replicated, plugin or TTL levels.
	private static final String DELAY_EXCHANGES = "mmate.delay.";

	/** The value of a counter that is exhausted, or that a sender forged. */
	static final long EXHAUSTED = Long.MAX_VALUE;

	/**
	 * The history of a delivery, read from its headers only where the starter itself wrote them: on a copy it sent
	 * back, through the delay machinery or straight to the queue. A message that a sender published to an exchange
	 * starts with no history, whatever counters it carries, so that no sender can skip its message's retries.
	 * @param properties the delivery's properties
	 * @return the history
	 */
	public static FailureHistory of(MessageProperties properties) {
		String exchange = properties.getReceivedExchange();
		boolean ownCopy = exchange == null || exchange.isEmpty() || exchange.startsWith(DELAY_EXCHANGES);
		return ownCopy ? of(properties.getHeaders()) : NONE;
	}

	/**
	 * Read the history from a message's headers.
	 * @param headers the headers, may be {@code null}
	 * @return the history
	 */
	public static FailureHistory of(Map<String, Object> headers) {
		if (headers == null || headers.isEmpty()) {
			return NONE;
		}
		return new FailureHistory(counter(headers.get(DeadLetterHeaders.REDELIVERIES), EXHAUSTED),
				counter(headers.get(DeadLetterHeaders.DELIVERIES), EXHAUSTED),
				counter(headers.get(DeadLetterHeaders.ATTEMPTS), 0));
	}

	/**
	 * The attempts counted so far plus those of this delivery.
	 * @param more the attempts of this delivery
	 * @return the sum, at most {@link Long#MAX_VALUE}
	 */
	public long attemptsWith(long more) {
		return saturatedAdd(this.attempts, more);
	}

	/**
	 * The delivery count with this delivery.
	 * @return the count, at most {@link Long#MAX_VALUE}
	 */
	public long deliveriesWithThis() {
		return saturatedAdd(this.deliveries, 1);
	}

	/**
	 * The redelivery count with the next one.
	 * @return the count, at most {@link Long#MAX_VALUE}
	 */
	public long redeliveriesWithNext() {
		return saturatedAdd(this.redeliveries, 1);
	}

	private static long counter(Object value, long invalid) {
		if (value == null) {
			return 0;
		}
		if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
			long count = ((Number) value).longValue();
			return (count >= 0) ? count : invalid;
		}
		return invalid;
	}

	private static long saturatedAdd(long count, long more) {
		long sum = count + Math.max(0, more);
		return (sum < count) ? Long.MAX_VALUE : sum;
	}

}
