package io.mmate.idempotency;

/**
 * Remembers which messages were handled successfully, for a retention period, so that a second delivery of the same
 * message id can be acknowledged without handling it again.
 */
public interface ProcessedMessageStore {

	/**
	 * Whether a message was handled.
	 * @param key the message's key: its type and id
	 * @return {@code true} when it was handled within the retention period
	 */
	boolean isProcessed(String key);

	/**
	 * Record that a message was handled successfully.
	 * @param key the message's key: its type and id
	 */
	void markProcessed(String key);

	/**
	 * Record that a message was handled, in the transaction of the calling thread, failing when another consumer
	 * recorded it first, so that the transaction of this copy rolls back. The default records it as
	 * {@link #markProcessed} does.
	 * @param key the message's key: its type and id
	 * @throws org.springframework.dao.DataIntegrityViolationException when the message is recorded already
	 */
	default void markProcessedOnce(String key) {
		markProcessed(key);
	}

}
