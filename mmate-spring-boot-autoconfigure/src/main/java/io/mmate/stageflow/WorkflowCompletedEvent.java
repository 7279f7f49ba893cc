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
 * Published by a Go StageFlow engine when a workflow instance has run all its stages. Its aggregate is the workflow
 * instance, so it arrives with the routing key {@code evt.{instanceId}.WorkflowCompletedEvent}; handle it with an
 * {@link io.mmate.MmateHandler} method to follow Go workflows from Java.
 *
 * @param aggregateId the workflow instance id
 * @param sequence the version of the workflow state when the event was made
 * @param source {@code stageflow}
 * @param workflowId the workflow definition
 * @param workflowName the workflow's name
 * @param instanceId the workflow instance
 * @param status the workflow status, {@code completed}
 * @param startTime when the instance started
 * @param endTime when it completed
 * @param duration how long it ran
 * @param totalStages the stages of the workflow
 * @param completedStages the stages that completed
 * @param failedStages the optional stages that failed
 * @param skippedStages the optional stages that were skipped
 * @param stageResults the outcome of each stage, in order
 * @param finalData the workflow's data at the end
 * @param error the error of a failed workflow, or {@code null}
 * @param lastFailedStage the last stage that failed, or {@code null}
 */
@MessageType("WorkflowCompletedEvent")
public record WorkflowCompletedEvent(String aggregateId, long sequence, String source, String workflowId,
		String workflowName, String instanceId, String status, @GoTime Instant startTime, @GoTime Instant endTime,
		@GoDuration Duration duration, int totalStages, int completedStages, int failedStages, int skippedStages,
		List<StageResult> stageResults, Map<String, Object> finalData,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) String error,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) String lastFailedStage) implements Event {

}
