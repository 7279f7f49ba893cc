package io.mmate.stageflow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.mmate.DeadLetterReason;
import io.mmate.envelope.UndecodableMessageException;
import io.mmate.failure.Failure;

/**
 * Runs one stage message as Mmate Go's engine does: the stage's work on the state from the message, its result added
 * to the state, a {@link StageCompletedEvent}, then the message of the next stage, or the
 * {@link WorkflowCompletedEvent} after the last. A stage whose in-process attempts fail goes back to its queue after
 * the retry policy's next redelivery delay, unless the failure is permanent or the delays are used up; then it has
 * failed for good and fails the instance: a {@link WorkflowFailedEvent}, then the first compensation message, if a
 * stage before it completed.
 */
final class StageProcessor {

	static final String SOURCE = "stageflow";

	private final StageFlowCodec codec;

	private final WorkflowData data;

	private final Attempts attempts;

	private final WorkflowOutcomes outcomes;

	private final Clock clock;

	StageProcessor(StageFlowCodec codec, Attempts attempts, WorkflowOutcomes outcomes, Clock clock) {
		this.codec = codec;
		this.data = new WorkflowData(codec);
		this.attempts = attempts;
		this.outcomes = outcomes;
		this.clock = clock;
	}

	/**
	 * Run a stage message.
	 * @param <S> the state type
	 * @param workflow the workflow
	 * @param stageIndex the stage, as the queue says
	 * @param envelope the message
	 * @param redeliveries how many times the message came back after a failure already
	 * @param out where what the stage publishes goes
	 * @return the redelivery to make instead of publishing anything, or {@code null}
	 * @throws InterruptedException if interrupted between attempts
	 */
	<S> Redelivery process(Workflow<S> workflow, int stageIndex, FlowMessageEnvelope envelope, long redeliveries,
			StageFlowOutput out) throws InterruptedException {
		if (!workflow.id().equals(envelope.workflowId())) {
			throw new UndecodableMessageException("Stage message of workflow '" + envelope.workflowId()
					+ "' on a queue of workflow '" + workflow.id() + "'", null);
		}
		// As Go: the queue the message came from decides the stage, whatever the message says.
		Workflow.Stage<S> stage = workflow.stages().get(stageIndex);
		String instanceId = envelope.instanceId();
		WorkflowState state = this.codec.readState(envelope.serializedWorkflowState());
		Map<String, Object> globalData = (state.globalData() != null) ? new LinkedHashMap<>(state.globalData())
				: new LinkedHashMap<>();
		List<StageResult> results = (state.stageResults() != null) ? new ArrayList<>(state.stageResults())
				: new ArrayList<>();
		Instant start = this.clock.instant();
		List<StageContext> done = new ArrayList<>(1);
		List<Map<String, Object>> updated = new ArrayList<>(1);
		Attempts.Failed failure = this.attempts.run((attempt) -> {
			StageContext context = new StageContext(workflow.id(), instanceId, stage.id(), stageIndex, attempt);
			S input = this.data.toState(globalData, workflow.stateType());
			S output = stage.handler().run(input, context);
			updated.add(this.data.toMap((output != null) ? output : input));
			done.add(context);
		});
		Instant end = this.clock.instant();
		int total = workflow.stages().size();
		if (failure != null) {
			Duration delay = this.attempts.redeliveryDelay(failure, redeliveries);
			if (delay != null) {
				String queue = StageFlowQueues.stage(workflow.id(), stageIndex);
				return new Redelivery(delay, new Failure(DeadLetterReason.HANDLER_FAILED, "Stage '" + stage.id()
						+ "' of workflow '" + workflow.id() + "' failed on '" + queue + "', instance " + instanceId
						+ ", after " + failure.attempts() + " attempt(s): " + failure.message(), failure.error(),
						failure.attempts(), true));
			}
			failed(workflow, stageIndex, state, globalData, results, failure.message(), end, out);
			return null;
		}
		globalData.putAll(updated.get(0));
		Map<String, Object> stageData = this.data.plain(done.get(0).data());
		StageResult result = new StageResult(stage.id(), "completed", stageData.isEmpty() ? null : stageData, null,
				start, end, Duration.between(start, end));
		results.add(result);
		stageData.forEach((key, value) -> globalData.put(stage.id() + "." + key, value));
		int version = state.version() + 1;
		out.publish(new StageCompletedEvent(instanceId, version, SOURCE, workflow.id(), instanceId, stage.id(),
				stageIndex, stage.id(), "completed", start, end, result.duration(), result.data(), null,
				stageIndex + 1, total));
		int next = stageIndex + 1;
		if (next >= total) {
			Instant finished = this.clock.instant();
			out.publish(new WorkflowCompletedEvent(instanceId, version + 1, SOURCE, workflow.id(), workflow.name(),
					instanceId, "completed", state.startTime(), finished, Duration.between(state.startTime(), finished),
					total, count(results, "completed"), count(results, "failed"), count(results, "skipped"), results,
					globalData, null, null));
			out.afterConfirm(() -> this.outcomes.completed(instanceId, globalData));
			return null;
		}
		WorkflowState nextState = new WorkflowState(workflow.id(), instanceId, "running", null, results, globalData,
				state.startTime(), null, this.clock.instant(), state.errorMessage(), version);
		FlowMessageEnvelope message = new FlowMessageEnvelope(envelope.payload(), "json.RawMessage",
				this.codec.writeState(nextState), FlowMessageEnvelope.STATE_TYPE, ProcessingCheckpoint.empty(), next,
				(next + 1 < total) ? StageFlowQueues.stage(workflow.id(), next + 1) : null, workflow.id(), instanceId,
				workflow.stages().get(next).id());
		out.send(StageFlowQueues.stage(workflow.id(), next),
				this.codec.encode(message, UUID.randomUUID().toString(), this.clock.instant()));
		return null;
	}

	private <S> void failed(Workflow<S> workflow, int stageIndex, WorkflowState state, Map<String, Object> globalData,
			List<StageResult> results, String error, Instant failureTime, StageFlowOutput out) {
		String instanceId = state.instanceId();
		String stageId = workflow.stages().get(stageIndex).id();
		int version = state.version() + 1;
		// As Go: the failed stage gets no result, and stays the current stage of the failed state.
		WorkflowState failed = new WorkflowState(workflow.id(), instanceId, "failed", stageId, results, globalData,
				state.startTime(), failureTime, failureTime, error, version);
		out.publish(new WorkflowFailedEvent(instanceId, version, SOURCE, workflow.id(), workflow.name(), instanceId,
				stageId, stageIndex, error, state.startTime(), failureTime,
				Duration.between(state.startTime(), failureTime), results.size(), workflow.stages().size(), results,
				globalData, false, null));
		int completed = 0;
		for (int i = 0; i < stageIndex && i < results.size(); i++) {
			if ("completed".equals(results.get(i).status())) {
				completed++;
			}
		}
		if (completed == 0) {
			out.afterConfirm(() -> this.outcomes.failed(instanceId, stageId, error, List.of()));
			return;
		}
		// The last completed stage first; Go counts down from it.
		StageResult last = results.get(stageIndex - 1);
		CompensationMessageEnvelope compensation = new CompensationMessageEnvelope(workflow.id(), instanceId,
				stageIndex, completed - 1, last.stageId(), completed, this.codec.writeState(failed),
				FlowMessageEnvelope.STATE_TYPE, this.codec.writeResult(last), CompensationMessageEnvelope.RESULT_TYPE,
				error, failureTime, List.of(), null);
		out.send(StageFlowQueues.compensation(workflow.id()),
				this.codec.encode(compensation, UUID.randomUUID().toString(), this.clock.instant()));
	}

	private static int count(List<StageResult> results, String status) {
		return (int) results.stream().filter((result) -> status.equals(result.status())).count();
	}

	/**
	 * A stage message to send back to its queue after a delay, to run again.
	 *
	 * @param delay the delay
	 * @param failure why, written to the copy's failure headers
	 */
	record Redelivery(Duration delay, Failure failure) {

	}

}
