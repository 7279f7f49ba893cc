package io.mmate.publish;

import java.time.Duration;

/**
 * How the publisher waits for the broker.
 *
 * @param confirmTimeout how long a publish waits for the broker's confirm before its future fails
 * @param failOnUnroutableEvents whether an event no queue is bound for fails its future (commands, queries and
 * replies always do)
 * @param recoveryTimeout how long a publish waits for an unreachable broker before its future fails
 */
public record PublisherSettings(Duration confirmTimeout, boolean failOnUnroutableEvents, Duration recoveryTimeout) {

}
