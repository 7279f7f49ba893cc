package io.mmate.stageflow;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mmate.GoTime;
import io.mmate.MessageType;

/**
 * The message that compensates one completed stage of a failed StageFlow workflow, as Mmate Go's engine publishes it
 * to {@code stageflow.compensation.{workflowId}} through the default exchange: a plain message of type
 * {@code CompensationMessageEnvelope}. One message per stage, last completed first; each carries the results of the
 * compensations before it.
 *
 * @param workflowId the workflow definition
 * @param instanceId the workflow instance
 * @param failedStageIndex the stage that failed, from 0
 * @param compensationIndex the compensation this message runs, counting down to 0
 * @param stageToCompensate the id of the stage to compensate
 * @param totalCompensations the completed stages to compensate
 * @param serializedWorkflowState the {@link WorkflowState} at the failure, as a JSON string
 * @param workflowStateType {@code WorkflowState}
 * @param serializedOriginalResult the {@link StageResult} of the stage to compensate, as a JSON string
 * @param originalResultType {@code StageResult}
 * @param originalError why the workflow failed
 * @param failureTimestamp when it failed
 * @param compensationResults the compensations run so far
 * @param nextCompensationQueue never set by Go, so {@code null}
 */
@MessageType(CompensationMessageEnvelope.TYPE)
public record CompensationMessageEnvelope(String workflowId, String instanceId, int failedStageIndex,
		int compensationIndex, String stageToCompensate, int totalCompensations, String serializedWorkflowState,
		String workflowStateType, String serializedOriginalResult, String originalResultType, String originalError,
		@GoTime Instant failureTimestamp, List<CompensationResult> compensationResults,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) String nextCompensationQueue) {

	/** The message type Go registers. */
	public static final String TYPE = "CompensationMessageEnvelope";

	/** The {@code originalResultType} Go writes. */
	public static final String RESULT_TYPE = "StageResult";

}
