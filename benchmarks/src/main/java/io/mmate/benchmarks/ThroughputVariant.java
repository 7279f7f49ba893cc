package io.mmate.benchmarks;

/**
 * One way of moving messages through the broker, measured under the same conditions as the others: persistent
 * messages with the given body size to a durable classic queue, publisher confirms with at most
 * {@value #UNCONFIRMED} messages unconfirmed, manual acknowledgements after the consumer has handled each message,
 * prefetch {@value #PREFETCH}, one producer and one consumer.
 */
interface ThroughputVariant {

	/** The prefetch of every consumer. */
	int PREFETCH = 250;

	/** The messages a publisher may have unconfirmed at a time, as PerfTest's {@code -c 100}. */
	int UNCONFIRMED = 100;

	/**
	 * The variant's name in the results.
	 * @return the name
	 */
	String name();

	/**
	 * Publish for the run's duration, with or without a consumer, and measure the rate in steady state.
	 * @param steady the duration and warm-up
	 * @param payloadSize the size of each message's application payload in bytes
	 * @param consume whether a consumer consumes while the messages are published; the rate is then the consumer's,
	 * else that of the confirms
	 * @param measurement spans the measured seconds, with their messages
	 * @return the median of the per-second rates after the warm-up
	 * @throws Exception when the run fails
	 */
	double steady(SteadyRate steady, int payloadSize, boolean consume, Measurement measurement) throws Exception;

	/**
	 * Fill the queue, then consume all its messages.
	 * @param messages how many messages
	 * @param payloadSize the size of each message's application payload in bytes
	 * @param measurement started after the set-up and stopped when the last message is through
	 * @return messages per second, from the consumer's start to the last message handled
	 * @throws Exception when the run fails
	 */
	default double drain(int messages, int payloadSize, Measurement measurement) throws Exception {
		throw new UnsupportedOperationException(name() + " does not measure draining");
	}

}
