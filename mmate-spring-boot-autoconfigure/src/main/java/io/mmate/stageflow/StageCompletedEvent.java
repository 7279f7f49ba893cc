package io.mmate.stageflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mmate.Event;
import io.mmate.GoDuration;
import io.mmate.GoTime;
import io.mmate.MessageType;

/**
 * Published by a Go StageFlow engine when one stage of a workflow instance completes. Its aggregate is the workflow
 * instance: routing key {@code evt.{instanceId}.StageCompletedEvent}.
 *
 * @param aggregateId the workflow instance id
 * @param sequence the version of the workflow state when the event was made
 * @param source {@code stageflow}
 * @param workflowId the workflow definition
 * @param instanceId the workflow instance
 * @param stageId the stage
 * @param stageIndex its position, from 0
 * @param stageName its name (Go sends the stage id)
 * @param status the stage status, {@code completed}
 * @param startTime when the stage started
 * @param endTime when it ended
 * @param duration how long it ran
 * @param data what the stage produced, or {@code null}
 * @param error an error the stage reported, or {@code null}
 * @param currentStage the stage's position, from 1
 * @param totalStages the stages of the workflow
 */
@MessageType("StageCompletedEvent")
public record StageCompletedEvent(String aggregateId, long sequence, String source, String workflowId,
		String instanceId, String stageId, int stageIndex, String stageName, String status, @GoTime Instant startTime,
		@GoTime Instant endTime, @GoDuration Duration duration,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> data,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) String error, int currentStage, int totalStages)
		implements Event {

}
