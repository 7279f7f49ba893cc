package io.mmate.stageflow;

/**
 * The work of one stage of a {@link Workflow}: takes the workflow's state and returns it as the next stage should see
 * it. Run by the engine for each message on the stage's queue; a message is acknowledged only after the next stage's
 * message is confirmed by the broker, so a stage may run more than once for an instance and should be idempotent.
 *
 * @param <S> the workflow's state type
 */
@FunctionalInterface
public interface StageHandler<S> {

	/**
	 * Run the stage.
	 * @param state the workflow's state
	 * @param context the instance and stage, and where to put data the stage produced
	 * @return the state for the next stage, or {@code null} to keep {@code state} (which may have been changed)
	 * @throws Exception a failure: retried in process as the retry policy says, then run again from the queue after
	 * each of its redelivery delays; after the last, the stage has failed for good and the completed stages are
	 * compensated. Throw {@link io.mmate.PermanentFailureException} to fail for good at once.
	 */
	S run(S state, StageContext context) throws Exception;

}
