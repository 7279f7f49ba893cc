package io.mmate.outbox;

import java.time.Instant;

/**
 * The rows of the outbox not yet published.
 *
 * @param pending how many
 * @param oldestCreatedAt when the oldest of them was written, {@code null} when there is none
 */
public record OutboxBacklog(long pending, Instant oldestCreatedAt) {

}
