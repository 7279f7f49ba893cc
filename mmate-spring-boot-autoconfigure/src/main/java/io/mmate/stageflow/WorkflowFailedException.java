package io.mmate.stageflow;

import java.util.List;

/**
 * A workflow instance failed: a stage failed for good, and the completed stages before it were compensated.
 */
public class WorkflowFailedException extends RuntimeException {

	private final String instanceId;

	private final String failedStageId;

	private final transient List<CompensationResult> compensations;

	/**
	 * Create the exception.
	 * @param instanceId the instance
	 * @param failedStageId the stage that failed
	 * @param error why it failed
	 * @param compensations the compensations run, in order
	 */
	public WorkflowFailedException(String instanceId, String failedStageId, String error,
			List<CompensationResult> compensations) {
		super("Workflow instance " + instanceId + " failed at stage '" + failedStageId + "': " + error);
		this.instanceId = instanceId;
		this.failedStageId = failedStageId;
		this.compensations = List.copyOf(compensations);
	}

	/**
	 * The instance.
	 * @return its id
	 */
	public String instanceId() {
		return this.instanceId;
	}

	/**
	 * The stage that failed.
	 * @return its id
	 */
	public String failedStageId() {
		return this.failedStageId;
	}

	/**
	 * The compensations run, last completed stage first.
	 * @return the results
	 */
	public List<CompensationResult> compensations() {
		return this.compensations;
	}

}
