package io.mmate.stageflow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.mmate.envelope.EncodedMessage;

import org.springframework.util.Assert;

/**
 * Starts workflow instances: publishes the first stage's message, with the initial state, as Mmate Go's engine
 * does, and gives a future of the final state. The future completes when the instance ends, whichever process runs
 * its last stage or its last compensation ({@link WorkflowFailedException}): the engine follows the end events of
 * every instance.
 */
public class WorkflowRunner {

	private final StageFlowEngine engine;

	private final WorkflowData data;

	private final Clock clock;

	/**
	 * Create a runner.
	 * @param engine the engine that runs the workflows
	 * @param clock the clock
	 */
	public WorkflowRunner(StageFlowEngine engine, Clock clock) {
		this.engine = engine;
		this.data = new WorkflowData(engine.codec());
		this.clock = clock;
	}

	/**
	 * Create a runner without an engine, for a stand-in that overrides every public method, such as the one of an
	 * application whose messaging is disabled.
	 */
	protected WorkflowRunner() {
		this.engine = null;
		this.data = null;
		this.clock = null;
	}

	/**
	 * Start an instance and await its end.
	 * @param <S> the state type
	 * @param workflow the workflow, one of the engine's
	 * @param initial the initial state
	 * @param timeout how long to wait for the end
	 * @return the final state; completes exceptionally with {@link WorkflowFailedException} when a stage failed for
	 * good (after the compensations), with {@link java.util.concurrent.TimeoutException} after the timeout, or with
	 * the publish failure if the instance could not be started
	 */
	public <S> CompletableFuture<S> run(Workflow<S> workflow, S initial, Duration timeout) {
		return begin(workflow, initial, timeout).result();
	}

	/**
	 * Start an instance.
	 * @param <S> the state type
	 * @param workflow the workflow, one of the engine's
	 * @param initial the initial state
	 * @return the instance id and the future of its final state, without a timeout
	 */
	public <S> Execution<S> start(Workflow<S> workflow, S initial) {
		return begin(workflow, initial, null);
	}

	/**
	 * Start an instance, with a bound on how long its future is awaited.
	 * @param <S> the state type
	 * @param workflow the workflow, one of the engine's
	 * @param initial the initial state
	 * @param timeout how long to wait for the end; after it the future completes with a
	 * {@link java.util.concurrent.TimeoutException} and is no longer kept, while the instance itself runs on
	 * @return the instance id and the future of its final state
	 */
	public <S> Execution<S> start(Workflow<S> workflow, S initial, Duration timeout) {
		Assert.notNull(timeout, "The timeout must not be null");
		return begin(workflow, initial, timeout);
	}

	private <S> Execution<S> begin(Workflow<S> workflow, S initial, Duration timeout) {
		Assert.state(this.engine.workflow(workflow.id()) == workflow,
				() -> "Workflow '" + workflow.id() + "' is not a bean of this application");
		String instanceId = UUID.randomUUID().toString();
		Map<String, Object> globalData = new LinkedHashMap<>(this.data.toMap(initial));
		CompletableFuture<Map<String, Object>> outcome = this.engine.outcomes().await(instanceId);
		if (timeout != null) {
			// On the awaited outcome itself, so that a timed-out instance is no longer awaited.
			outcome.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		StageFlowCodec codec = this.engine.codec();
		Instant now = this.clock.instant();
		WorkflowState state = new WorkflowState(workflow.id(), instanceId, "running", null, List.of(), globalData,
				now, null, now, null, 1);
		int total = workflow.stages().size();
		// As Go: the initial data is the payload too, typed as Go's map.
		FlowMessageEnvelope first = new FlowMessageEnvelope(codec.structs().valueToTree(globalData),
				"map[string]interface {}", codec.writeState(state), FlowMessageEnvelope.STATE_TYPE,
				ProcessingCheckpoint.empty(), 0, (total > 1) ? StageFlowQueues.stage(workflow.id(), 1) : null,
				workflow.id(), instanceId, workflow.stages().get(0).id());
		EncodedMessage message = codec.encode(first, UUID.randomUUID().toString(), now);
		this.engine.store().started(workflow.id(), instanceId, total);
		this.engine.sink()
			.publish("", StageFlowQueues.stage(workflow.id(), 0), true, message.properties(), message.body(),
					this.engine.settings().confirmTimeout())
			.whenComplete((receipt, ex) -> {
				if (ex != null) {
					outcome.completeExceptionally(ex);
				}
			});
		CompletableFuture<S> result = outcome.thenApply((finalData) -> this.data.toState(finalData,
				workflow.stateType()));
		return new Execution<>(instanceId, result);
	}

	/**
	 * A started instance.
	 *
	 * @param <S> the state type
	 * @param instanceId the instance id
	 * @param result the final state, as {@link #run} describes it
	 */
	public record Execution<S>(String instanceId, CompletableFuture<S> result) {

	}

}
