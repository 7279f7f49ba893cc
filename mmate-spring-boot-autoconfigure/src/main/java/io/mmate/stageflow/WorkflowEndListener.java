package io.mmate.stageflow;

import java.util.List;
import java.util.Map;

import io.mmate.Event;
import io.mmate.envelope.UndecodableMessageException;
import io.mmate.topology.BindingSpec;
import io.mmate.topology.Exchanges;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;

/**
 * Follows the end of workflow instances through the events every engine publishes on {@code mmate.events}, this
 * one, another instance of the service or a Go service: records them in the status store and completes the future of
 * an instance started here. An instance ends with its {@link WorkflowCompletedEvent}, its {@link WorkflowFailedEvent}
 * when no stage completed before the failure (nothing to compensate), or its {@link WorkflowCompensatedEvent}.
 * Events of workflows this application does not define are ignored.
 */
final class WorkflowEndListener implements MessageListener {

	/** What the instance's exclusive queue is bound to: the end events of every instance. */
	static final List<BindingSpec> BINDINGS = List.of(
			new BindingSpec(Exchanges.EVENTS, "evt.*.WorkflowCompletedEvent"),
			new BindingSpec(Exchanges.EVENTS, "evt.*.WorkflowFailedEvent"),
			new BindingSpec(Exchanges.EVENTS, "evt.*.WorkflowCompensatedEvent"));

	private static final Log logger = LogFactory.getLog(WorkflowEndListener.class);

	private final StageFlowCodec codec;

	private final Map<String, Workflow<?>> workflows;

	private final WorkflowOutcomes outcomes;

	private final WorkflowStatusStore store;

	WorkflowEndListener(StageFlowCodec codec, Map<String, Workflow<?>> workflows, WorkflowOutcomes outcomes,
			WorkflowStatusStore store) {
		this.codec = codec;
		this.workflows = workflows;
		this.outcomes = outcomes;
		this.store = store;
	}

	@Override
	public void onMessage(Message message) {
		Event event;
		try {
			event = this.codec.decodeEnd(message);
		}
		catch (UndecodableMessageException ex) {
			// A copy for this instance only: the event itself reaches its other subscribers whatever happens here.
			logger.debug("Ignored a workflow event that could not be read: " + ex.getMessage());
			return;
		}
		if (event instanceof WorkflowCompletedEvent completed && defined(completed.workflowId())
				&& named(completed.instanceId())) {
			record(this.store, event);
			this.outcomes.completed(completed.instanceId(),
					(completed.finalData() != null) ? completed.finalData() : Map.of());
		}
		else if (event instanceof WorkflowFailedEvent failed && defined(failed.workflowId())
				&& named(failed.instanceId())) {
			record(this.store, event);
			if (nothingToCompensate(failed)) {
				this.outcomes.failed(failed.instanceId(), failed.failedStageId(), failed.error(), List.of());
			}
		}
		else if (event instanceof WorkflowCompensatedEvent compensated && defined(compensated.workflowId())
				&& named(compensated.instanceId())) {
			record(this.store, event);
			this.outcomes.failed(compensated.instanceId(), failedStage(compensated), compensated.originalError(),
					(compensated.compensationResults() != null) ? compensated.compensationResults() : List.of());
		}
	}

	/**
	 * Record an event in the status store; a store that fails (a database down) is logged, and what waits for the
	 * instance's end still learns of it.
	 * @param store the store
	 * @param event the event
	 */
	static void record(WorkflowStatusStore store, Event event) {
		try {
			store.record(event);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not record " + event.getClass().getSimpleName() + " in the workflow status store: " + ex,
					ex);
		}
	}

	private boolean defined(String workflowId) {
		return workflowId != null && this.workflows.containsKey(workflowId);
	}

	// An end that names no instance completes nothing: the event is anyone's to publish on mmate.events.
	private static boolean named(String instanceId) {
		return instanceId != null && !instanceId.isEmpty();
	}

	private static boolean nothingToCompensate(WorkflowFailedEvent failed) {
		return failed.stageResults() == null
				|| failed.stageResults().stream().noneMatch((result) -> "completed".equals(result.status()));
	}

	private String failedStage(WorkflowCompensatedEvent compensated) {
		List<? extends Workflow.Stage<?>> stages = this.workflows.get(compensated.workflowId()).stages();
		int index = compensated.failedStageIndex();
		return (index >= 0 && index < stages.size()) ? stages.get(index).id() : String.valueOf(index);
	}

}
