package io.mmate.stageflow;

import java.util.Optional;

import io.mmate.Event;

/**
 * Keeps the status of workflow instances from their events. The engine records each event it has published, once
 * the broker confirmed it; an application may record the events of other engines (Go's too) from its handlers.
 * Implementations must be thread-safe.
 */
public interface WorkflowStatusStore {

	/**
	 * Record that an instance was started here.
	 * @param workflowId the workflow
	 * @param instanceId the instance
	 * @param totalStages its stages
	 */
	void started(String workflowId, String instanceId, int totalStages);

	/**
	 * Record a StageFlow event; other events are ignored, and so is an event older than the status.
	 * @param event a {@link StageCompletedEvent}, {@link WorkflowCompletedEvent}, {@link WorkflowFailedEvent} or
	 * {@link WorkflowCompensatedEvent}
	 */
	void record(Event event);

	/**
	 * The status of an instance.
	 * @param instanceId the instance
	 * @return its status, or empty if it is unknown
	 */
	Optional<WorkflowStatus> find(String instanceId);

}
