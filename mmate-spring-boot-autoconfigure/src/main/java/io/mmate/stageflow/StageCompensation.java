package io.mmate.stageflow;

/**
 * Undoes a completed stage of a {@link Workflow} when a later stage fails for good. Compensations run one message at
 * a time from the workflow's compensation queue, last completed stage first.
 *
 * @param <S> the workflow's state type
 */
@FunctionalInterface
public interface StageCompensation<S> {

	/**
	 * Undo the stage.
	 * @param state the workflow's state when the later stage failed
	 * @param original the result of the stage to undo, with the data it produced
	 * @param context the instance and the stage
	 * @throws Exception a failure: retried in process as the retry policy says, then recorded as a {@code failed}
	 * compensation, and the compensation of the stages before it goes on, as in Go
	 */
	void compensate(S state, StageResult original, StageContext context) throws Exception;

}
