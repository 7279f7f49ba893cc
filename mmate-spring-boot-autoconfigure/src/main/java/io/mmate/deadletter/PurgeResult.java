package io.mmate.deadletter;

/**
 * The outcome of {@link DeadLetterOperations#purge}.
 *
 * @param queue the service queue
 * @param deadLetterQueue its dead-letter queue
 * @param purged how many messages were deleted
 */
public record PurgeResult(String queue, String deadLetterQueue, long purged) {

}
