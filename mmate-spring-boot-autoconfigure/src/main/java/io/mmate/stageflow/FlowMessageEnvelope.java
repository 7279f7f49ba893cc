package io.mmate.stageflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mmate.MessageType;
import tools.jackson.databind.JsonNode;

/**
 * The message of one stage of a StageFlow workflow, as Mmate Go's engine publishes it to the stage queue
 * {@code stageflow.{workflowId}.stage{i}} through the default exchange: a plain message (no {@code x-message-kind})
 * of type {@code FlowMessageEnvelope} whose payload carries the workflow's state, so any instance, Java or Go, can
 * run the stage. The envelope's {@code id}, {@code type} and {@code timestamp} are Go's {@code BaseMessage} fields;
 * these are the others.
 *
 * @param payload the workflow's input, as JSON: the initial data on the first stage, then passed on unchanged
 * @param payloadType the Go type of the payload ({@code map[string]interface {}} on the first stage, then
 * {@code json.RawMessage})
 * @param serializedWorkflowState the {@link WorkflowState} as a JSON string
 * @param workflowStateType {@code WorkflowState}
 * @param checkpoint progress within the stage
 * @param currentStageIndex the stage to run, from 0
 * @param nextStageQueue the queue of the stage after it, or {@code null} on the last stage
 * @param workflowId the workflow definition
 * @param instanceId the workflow instance
 * @param stageName the id of the stage to run
 */
@MessageType(FlowMessageEnvelope.TYPE)
public record FlowMessageEnvelope(JsonNode payload, String payloadType, String serializedWorkflowState,
		String workflowStateType, ProcessingCheckpoint checkpoint, int currentStageIndex,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) String nextStageQueue, String workflowId, String instanceId,
		String stageName) {

	/** The message type Go registers. */
	public static final String TYPE = "FlowMessageEnvelope";

	/** The {@code workflowStateType} Go writes. */
	public static final String STATE_TYPE = "WorkflowState";

}
