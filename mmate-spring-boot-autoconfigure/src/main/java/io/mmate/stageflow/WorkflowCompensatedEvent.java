package io.mmate.stageflow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.mmate.Event;
import io.mmate.GoDuration;
import io.mmate.GoTime;
import io.mmate.MessageType;

/**
 * Published by a Go StageFlow engine when the compensation of a failed workflow instance has finished. Its aggregate
 * is the workflow instance: routing key {@code evt.{instanceId}.WorkflowCompensatedEvent}.
 *
 * @param aggregateId the workflow instance id
 * @param sequence the version of the workflow state when the event was made
 * @param source {@code stageflow}
 * @param workflowId the workflow definition
 * @param workflowName the workflow's name
 * @param instanceId the workflow instance
 * @param originalError the error that failed the workflow
 * @param failureTime when the workflow failed
 * @param compensationStartTime when compensation started
 * @param compensationEndTime when it ended
 * @param compensationDuration from the start of the first compensation to the end of the last
 * @param totalCompensations the stages to compensate
 * @param successfulCompensations those compensated
 * @param failedCompensations those whose compensation failed
 * @param skippedCompensations those without a compensation
 * @param compensationResults the outcome of each compensation, in the order they ran
 * @param failedStageIndex the position of the stage that failed, from 0
 * @param workflowData the workflow's data
 */
@MessageType("WorkflowCompensatedEvent")
public record WorkflowCompensatedEvent(String aggregateId, long sequence, String source, String workflowId,
		String workflowName, String instanceId, String originalError, @GoTime Instant failureTime,
		@GoTime Instant compensationStartTime, @GoTime Instant compensationEndTime,
		@GoDuration Duration compensationDuration, int totalCompensations, int successfulCompensations,
		int failedCompensations, int skippedCompensations, List<CompensationResult> compensationResults,
		int failedStageIndex, Map<String, Object> workflowData) implements Event {

}
