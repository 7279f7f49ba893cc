package io.mmate.stageflow;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The instances started here that someone awaits, completed when this process runs their last stage or
 * compensation.
 */
final class WorkflowOutcomes {

	private final ConcurrentMap<String, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();

	CompletableFuture<Map<String, Object>> await(String instanceId) {
		CompletableFuture<Map<String, Object>> outcome = new CompletableFuture<>();
		this.pending.put(instanceId, outcome);
		outcome.whenComplete((data, ex) -> this.pending.remove(instanceId, outcome));
		return outcome;
	}

	void completed(String instanceId, Map<String, Object> finalData) {
		CompletableFuture<Map<String, Object>> outcome = this.pending.get(instanceId);
		if (outcome != null) {
			outcome.complete(finalData);
		}
	}

	void failed(String instanceId, String failedStageId, String error, List<CompensationResult> compensations) {
		CompletableFuture<Map<String, Object>> outcome = this.pending.get(instanceId);
		if (outcome != null) {
			outcome.completeExceptionally(new WorkflowFailedException(instanceId, failedStageId, error, compensations));
		}
	}

}
