package io.mmate.stageflow;

import java.time.Clock;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;

import io.mmate.Event;

/**
 * A {@link WorkflowStatusStore} in memory, the default: lost with the process, and holding every instance it has
 * seen, so for development and for services that start few workflows. Finished instances beyond
 * {@code maxFinished} are forgotten, oldest first by insertion.
 */
public class InMemoryWorkflowStatusStore implements WorkflowStatusStore {

	private final ConcurrentMap<String, WorkflowStatus> statuses = new ConcurrentHashMap<>();

	private final Queue<String> finished = new ConcurrentLinkedQueue<>();

	private final int maxFinished;

	private final Clock clock;

	/**
	 * Create a store.
	 * @param maxFinished the finished instances to keep
	 * @param clock the clock
	 */
	public InMemoryWorkflowStatusStore(int maxFinished, Clock clock) {
		this.maxFinished = maxFinished;
		this.clock = clock;
	}

	@Override
	public void started(String workflowId, String instanceId, int totalStages) {
		update(new WorkflowStatus(workflowId, instanceId, "running", 0, totalStages, null, 1, this.clock.instant()));
	}

	@Override
	public void record(Event event) {
		WorkflowStatus status = statusOf(event);
		if (status != null) {
			update(status);
		}
	}

	@Override
	public Optional<WorkflowStatus> find(String instanceId) {
		return Optional.ofNullable(this.statuses.get(instanceId));
	}

	private WorkflowStatus statusOf(Event event) {
		if (event instanceof StageCompletedEvent stage) {
			return new WorkflowStatus(stage.workflowId(), stage.instanceId(), "running", stage.currentStage(),
					stage.totalStages(), null, stage.sequence(), this.clock.instant());
		}
		if (event instanceof WorkflowCompletedEvent completed) {
			return new WorkflowStatus(completed.workflowId(), completed.instanceId(), "completed",
					completed.completedStages(), completed.totalStages(), null, completed.sequence(),
					this.clock.instant());
		}
		if (event instanceof WorkflowFailedEvent failed) {
			return new WorkflowStatus(failed.workflowId(), failed.instanceId(), "failed", failed.completedStages(),
					failed.totalStages(), failed.error(), failed.sequence(), this.clock.instant());
		}
		if (event instanceof WorkflowCompensatedEvent compensated) {
			WorkflowStatus before = this.statuses.get(compensated.instanceId());
			return new WorkflowStatus(compensated.workflowId(), compensated.instanceId(), "compensated",
					(before != null) ? before.completedStages() : 0, (before != null) ? before.totalStages() : 0,
					compensated.originalError(), compensated.sequence(), this.clock.instant());
		}
		return null;
	}

	private void update(WorkflowStatus status) {
		boolean[] wasRunning = { true };
		WorkflowStatus merged = this.statuses.merge(status.instanceId(), status, (old, next) -> {
			wasRunning[0] = "running".equals(old.status());
			return (next.sequence() >= old.sequence()) ? next : old;
		});
		// Counted once as finished, however often its end is recorded (an engine records its own events, and sees
		// them again with those of other processes).
		if (merged == status && wasRunning[0] && !"running".equals(status.status())) {
			this.finished.add(status.instanceId());
			while (this.finished.size() > this.maxFinished) {
				String oldest = this.finished.poll();
				if (oldest != null) {
					this.statuses.remove(oldest);
				}
			}
		}
	}

}
