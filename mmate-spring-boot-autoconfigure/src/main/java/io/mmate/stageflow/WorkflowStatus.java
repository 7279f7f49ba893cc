package io.mmate.stageflow;

import java.time.Instant;

/**
 * The status of a workflow instance, as its events tell it.
 *
 * @param workflowId the workflow
 * @param instanceId the instance
 * @param status {@code running}, {@code completed}, {@code failed} or {@code compensated}
 * @param completedStages the stages completed
 * @param totalStages the stages of the workflow, or 0 when not known yet
 * @param error why it failed, or {@code null}
 * @param sequence the version of the workflow state of the last event
 * @param updated when the status changed
 */
public record WorkflowStatus(String workflowId, String instanceId, String status, int completedStages,
		int totalStages, String error, long sequence, Instant updated) {

}
