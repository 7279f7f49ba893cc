package io.mmate.deadletter;

import java.util.List;

/**
 * One page of the messages in a dead-letter queue, as returned by {@link DeadLetterOperations#list}.
 *
 * @param queue the service queue
 * @param deadLetterQueue its dead-letter queue
 * @param total the messages ready in the dead-letter queue when the page was read
 * @param offset how many messages were skipped
 * @param limit the most messages the page may hold
 * @param messages the messages of the page, oldest first
 */
public record DeadLetterPage(String queue, String deadLetterQueue, long total, int offset, int limit,
		List<DeadLetterView> messages) {

	public DeadLetterPage {
		messages = List.copyOf(messages);
	}

}
