package io.mmate.deadletter;

import java.util.List;

/**
 * The outcome of a replay: which dead letters are back on their queue (confirmed by the broker and removed from the
 * dead-letter queue) and which stay in the dead-letter queue because their copy could not be published.
 *
 * @param queue the service queue
 * @param deadLetterQueue its dead-letter queue
 * @param replayed the message ids of the replayed messages, in replay order
 * @param failed the messages that stay in the dead-letter queue, with the reason
 */
public record ReplayResult(String queue, String deadLetterQueue, List<String> replayed, List<Failure> failed) {

	public ReplayResult {
		replayed = List.copyOf(replayed);
		failed = List.copyOf(failed);
	}

	/**
	 * A message whose replay failed; it is still in the dead-letter queue.
	 *
	 * @param messageId its message id
	 * @param error why its copy was not confirmed
	 */
	public record Failure(String messageId, String error) {

	}

}
