package io.mmate.benchmarks;

/**
 * One way of moving messages through the broker, measured under the same conditions as the others: persistent
 * messages with the given body size to a durable classic queue, publisher confirms, manual acknowledgements after the
 * consumer has handled each message, prefetch 250, one producer and one consumer.
 */
interface ThroughputVariant {

	/** The prefetch of every consumer. */
	int PREFETCH = 250;

	/**
	 * The variant's name in the results.
	 * @return the name
	 */
	String name();

	/**
	 * Publish the messages while a consumer consumes them.
	 * @param messages how many messages
	 * @param payloadSize the size of each message's application payload in bytes
	 * @param measurement started after the set-up and stopped when the last message is through
	 * @return messages per second, from the first publish to the last acknowledgement
	 * @throws Exception when the run fails
	 */
	double endToEnd(int messages, int payloadSize, Measurement measurement) throws Exception;

	/**
	 * Publish the messages, with nothing consuming, until all are confirmed.
	 * @param messages how many messages
	 * @param payloadSize the size of each message's application payload in bytes
	 * @param measurement started after the set-up and stopped when the last message is through
	 * @return messages per second, from the first publish to the last confirm
	 * @throws Exception when the run fails
	 */
	double publishOnly(int messages, int payloadSize, Measurement measurement) throws Exception;

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
