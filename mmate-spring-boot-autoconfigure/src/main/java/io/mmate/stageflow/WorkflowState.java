package io.mmate.stageflow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.mmate.GoTime;

/**
 * The state of a workflow instance as Mmate Go's engine serializes it into {@code serializedWorkflowState}: its
 * fields in Go's order, maps with sorted keys. A typed workflow's state lives in {@code globalData}, the properties of
 * the state object at the top, as Go's typed workflows keep it; each stage's data is merged in as
 * {@code {stageId}.{key}}.
 *
 * @param workflowId the workflow definition
 * @param instanceId the instance
 * @param status {@code running}, {@code completed}, {@code failed} or {@code compensated}
 * @param currentStage the stage running, or {@code null} between stages
 * @param stageResults the outcome of each stage run so far
 * @param globalData the workflow's data
 * @param startTime when the instance started
 * @param endTime when it ended, or {@code null}
 * @param lastModified when the state changed last
 * @param errorMessage why it failed, or {@code null}
 * @param version counts the changes, from 1; events carry it as their sequence
 */
@JsonPropertyOrder({ "workflowId", "instanceId", "status", "currentStage", "stageResults", "globalData", "startTime",
		"endTime", "lastModified", "errorMessage", "version" })
public record WorkflowState(String workflowId, String instanceId, String status,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) String currentStage, List<StageResult> stageResults,
		Map<String, Object> globalData, @GoTime Instant startTime,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) @GoTime Instant endTime, @GoTime Instant lastModified,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) String errorMessage, int version) {

}
