package io.mmate.stageflow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.mmate.envelope.UndecodableMessageException;

import org.springframework.util.StringUtils;

/**
 * Runs one compensation message as Mmate Go's engine does: the stage's compensation (or none: {@code skipped}), its
 * result added to the message, then the message that compensates the stage before it, or, after the first stage, the
 * {@link WorkflowCompensatedEvent}. A compensation that fails for good is recorded as {@code failed} and the others
 * still run.
 */
final class CompensationProcessor {

	private final StageFlowCodec codec;

	private final WorkflowData data;

	private final Attempts attempts;

	private final WorkflowOutcomes outcomes;

	private final Clock clock;

	CompensationProcessor(StageFlowCodec codec, Attempts attempts, WorkflowOutcomes outcomes, Clock clock) {
		this.codec = codec;
		this.data = new WorkflowData(codec);
		this.attempts = attempts;
		this.outcomes = outcomes;
		this.clock = clock;
	}

	<S> void process(Workflow<S> workflow, StageFlowMessage<CompensationMessageEnvelope> read, StageFlowOutput out)
			throws InterruptedException {
		CompensationMessageEnvelope envelope = read.message();
		if (!workflow.id().equals(envelope.workflowId())) {
			throw new UndecodableMessageException("Compensation message of workflow '" + envelope.workflowId()
					+ "' on the queue of workflow '" + workflow.id() + "'", null);
		}
		Workflow.Stage<S> stage = workflow.stage(envelope.stageToCompensate());
		if (stage == null) {
			throw new UndecodableMessageException("Workflow '" + workflow.id() + "' has no stage '"
					+ envelope.stageToCompensate() + "' to compensate", null);
		}
		WorkflowState state = this.codec.readState(envelope.serializedWorkflowState());
		StageResult original = StringUtils.hasLength(envelope.serializedOriginalResult())
				? this.codec.readResult(envelope.serializedOriginalResult()) : null;
		Map<String, Object> globalData = (state.globalData() != null) ? state.globalData() : Map.of();
		Instant start = this.clock.instant();
		String status = "skipped";
		String error = null;
		if (stage.compensation() != null) {
			Attempts.Failed failure = this.attempts.run((attempt) -> {
				StageContext context = new StageContext(workflow.id(), envelope.instanceId(), stage.id(),
						workflow.stages().indexOf(stage), attempt);
				stage.compensation().compensate(this.data.toState(globalData, workflow.stateType()), original,
						context);
			});
			status = (failure != null) ? "failed" : "completed";
			error = (failure != null) ? failure.message() : null;
		}
		Instant end = this.clock.instant();
		List<CompensationResult> results = new ArrayList<>(
				(envelope.compensationResults() != null) ? envelope.compensationResults() : List.of());
		results.add(new CompensationResult(stage.id(), envelope.compensationIndex(), status, start, end,
				Duration.between(start, end), error, null));
		if (envelope.compensationIndex() <= 0) {
			compensated(workflow, read, state, globalData, results, out);
			return;
		}
		int nextIndex = envelope.compensationIndex() - 1;
		int stageIndex = envelope.failedStageIndex() - 1 - (envelope.totalCompensations() - 1 - nextIndex);
		if (stageIndex < 0 || stageIndex >= state.stageResults().size()) {
			throw new UndecodableMessageException("Invalid compensation stage index " + stageIndex, null);
		}
		StageResult next = state.stageResults().get(stageIndex);
		CompensationMessageEnvelope message = new CompensationMessageEnvelope(envelope.workflowId(),
				envelope.instanceId(), envelope.failedStageIndex(), nextIndex, next.stageId(),
				envelope.totalCompensations(), envelope.serializedWorkflowState(), envelope.workflowStateType(),
				this.codec.writeResult(next), envelope.originalResultType(), envelope.originalError(),
				envelope.failureTimestamp(), results, envelope.nextCompensationQueue());
		out.send(StageFlowQueues.compensation(workflow.id()),
				this.codec.encode(message, UUID.randomUUID().toString(), this.clock.instant()));
	}

	private <S> void compensated(Workflow<S> workflow, StageFlowMessage<CompensationMessageEnvelope> read,
			WorkflowState state, Map<String, Object> globalData, List<CompensationResult> results,
			StageFlowOutput out) {
		CompensationMessageEnvelope envelope = read.message();
		String instanceId = envelope.instanceId();
		CompensationResult first = results.get(0);
		CompensationResult last = results.get(results.size() - 1);
		out.publish(new WorkflowCompensatedEvent(instanceId, state.version() + 1L, StageProcessor.SOURCE,
				workflow.id(), workflow.name(), instanceId, envelope.originalError(), envelope.failureTimestamp(),
				read.timestamp(), this.clock.instant(), Duration.between(first.startTime(), last.endTime()),
				envelope.totalCompensations(), count(results, "completed"), count(results, "failed"),
				count(results, "skipped"), results, envelope.failedStageIndex(), globalData));
		int failedIndex = envelope.failedStageIndex();
		String failedStage = (failedIndex >= 0 && failedIndex < workflow.stages().size())
				? workflow.stages().get(failedIndex).id() : String.valueOf(failedIndex);
		out.afterConfirm(() -> this.outcomes.failed(instanceId, failedStage, envelope.originalError(), results));
	}

	private static int count(List<CompensationResult> results, String status) {
		return (int) results.stream().filter((result) -> status.equals(result.status())).count();
	}

}
