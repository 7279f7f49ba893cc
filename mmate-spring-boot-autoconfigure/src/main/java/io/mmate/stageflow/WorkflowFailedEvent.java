package io.mmate.stageflow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mmate.Event;
import io.mmate.GoDuration;
import io.mmate.GoTime;
import io.mmate.MessageType;

/**
 * Published by a Go StageFlow engine when a required stage of a workflow instance fails, before compensation starts.
 * Its aggregate is the workflow instance: routing key {@code evt.{instanceId}.WorkflowFailedEvent}.
 *
 * @param aggregateId the workflow instance id
 * @param sequence the version of the workflow state when the event was made
 * @param source {@code stageflow}
 * @param workflowId the workflow definition
 * @param workflowName the workflow's name
 * @param instanceId the workflow instance
 * @param failedStageId the stage that failed
 * @param failedStageIndex its position, from 0
 * @param error why it failed
 * @param startTime when the instance started
 * @param failureTime when the stage failed
 * @param duration how long the instance ran until then
 * @param completedStages the stages with a result before the failure
 * @param totalStages the stages of the workflow
 * @param stageResults the outcome of each stage before the failure, in order
 * @param stateData the workflow's data at the failure
 * @param compensationExecuted whether compensation ran already (Go sends {@code false}: it starts afterwards)
 * @param compensationResults compensation outcomes, or {@code null}
 */
@MessageType("WorkflowFailedEvent")
public record WorkflowFailedEvent(String aggregateId, long sequence, String source, String workflowId,
		String workflowName, String instanceId, String failedStageId, int failedStageIndex, String error,
		@GoTime Instant startTime, @GoTime Instant failureTime, @GoDuration Duration duration, int completedStages,
		int totalStages, List<StageResult> stageResults, Map<String, Object> stateData, boolean compensationExecuted,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> compensationResults) implements Event {

}
