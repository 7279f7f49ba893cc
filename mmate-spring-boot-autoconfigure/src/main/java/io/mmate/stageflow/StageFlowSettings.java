package io.mmate.stageflow;

import java.time.Duration;

import io.mmate.retry.RetryPolicySettings;
import io.mmate.topology.QueueType;

/**
 * How the StageFlow engine runs.
 *
 * @param queueType the type of the stage and compensation queues
 * @param prefetch the unacknowledged messages per consumer (Go's stage concurrency, 10)
 * @param consumers the consumers per queue
 * @param retry the in-process attempts of a stage or compensation, which failures are permanent, and the delays of
 * a failed stage's redeliveries
 * @param confirmTimeout how long the broker has to confirm a message the engine publishes
 * @param endEventsQueue the name of this instance's exclusive queue of workflow ends
 */
public record StageFlowSettings(QueueType queueType, int prefetch, int consumers, RetryPolicySettings retry,
		Duration confirmTimeout, String endEventsQueue) {

}
