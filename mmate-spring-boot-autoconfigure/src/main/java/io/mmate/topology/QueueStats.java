package io.mmate.topology;

import org.jspecify.annotations.Nullable;

/**
 * What the broker reports about a service queue and its dead-letter queue, from a passive declaration. AMQP reports
 * messages ready and consumers only: unacknowledged messages need the management plugin.
 *
 * @param queue the service queue
 * @param exists whether the broker has the queue; when not, the counts are zero
 * @param ready messages ready for delivery
 * @param consumers consumers on the queue, of every instance
 * @param deadLetters messages in {@code dlq.{queue}}, or {@code null} when it is not read or does not exist
 */
public record QueueStats(String queue, boolean exists, long ready, int consumers, @Nullable Long deadLetters) {

}
