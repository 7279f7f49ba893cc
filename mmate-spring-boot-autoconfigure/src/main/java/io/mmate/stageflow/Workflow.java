package io.mmate.stageflow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.util.Assert;

/**
 * A StageFlow workflow: an ordered list of stages, each run from its own queue
 * ({@code stageflow.{id}.stage{i}}) with the workflow's state travelling in the message, as Mmate Go's engine runs
 * them. Define one as a bean and the starter declares its queues and consumes them:
 *
 * <pre class="code">
 * &#64;Bean
 * Workflow&lt;OrderState&gt; orderFulfilment() {
 *     return Workflow.define("order-fulfilment", OrderState.class)
 *         .stage("reserve-stock", (state, ctx) -&gt; ..., (state, original, ctx) -&gt; ...)
 *         .stage("charge-payment", (state, ctx) -&gt; ...)
 *         .build();
 * }
 * </pre>
 *
 * The state is a JSON object class; its properties are the workflow's data ({@code globalData} in Go's state).
 *
 * @param <S> the state type
 */
public final class Workflow<S> {

	private final String id;

	private final String name;

	private final Class<S> stateType;

	private final List<Stage<S>> stages;

	private Workflow(String id, String name, Class<S> stateType, List<Stage<S>> stages) {
		this.id = id;
		this.name = name;
		this.stateType = stateType;
		this.stages = List.copyOf(stages);
	}

	/**
	 * Start defining a workflow.
	 * @param <S> the state type
	 * @param id the workflow id, part of its queue names
	 * @param stateType the state type
	 * @return a builder
	 */
	public static <S> Builder<S> define(String id, Class<S> stateType) {
		return new Builder<>(id, stateType);
	}

	/**
	 * The workflow id.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * The workflow's name, as its events carry it.
	 * @return the name, the id unless set
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The state type.
	 * @return the type
	 */
	public Class<S> stateType() {
		return this.stateType;
	}

	/**
	 * The stages, in order.
	 * @return the stages
	 */
	public List<Stage<S>> stages() {
		return this.stages;
	}

	/**
	 * Whether this application runs every stage, and so also the workflow's compensations: a workflow with a
	 * {@linkplain Builder#remoteStage(String) remote stage} leaves its compensation queue to the service that defines
	 * the whole workflow.
	 * @return {@code true} when no stage is remote
	 */
	public boolean runsAllStages() {
		return this.stages.stream().noneMatch(Stage::remote);
	}

	Stage<S> stage(String stageId) {
		for (Stage<S> stage : this.stages) {
			if (stage.id().equals(stageId)) {
				return stage;
			}
		}
		return null;
	}

	/**
	 * One stage.
	 *
	 * @param <S> the state type
	 * @param id the stage id
	 * @param handler its work, or {@code null} for a stage another service runs
	 * @param compensation what undoes it, or {@code null}
	 */
	public record Stage<S>(String id, StageHandler<S> handler, StageCompensation<S> compensation) {

		/**
		 * Whether another service runs this stage: its queue is declared here but not consumed.
		 * @return {@code true} for a stage without a handler here
		 */
		public boolean remote() {
			return this.handler == null;
		}

	}

	/**
	 * Builds a {@link Workflow}.
	 *
	 * @param <S> the state type
	 */
	public static final class Builder<S> {

		private final String id;

		private final Class<S> stateType;

		private final List<Stage<S>> stages = new ArrayList<>();

		private String name;

		private Builder(String id, Class<S> stateType) {
			Assert.hasText(id, "A workflow needs an id");
			Assert.isTrue(id.matches("[A-Za-z0-9._-]+"), () -> "Workflow id '" + id + "' must be letters, digits, "
					+ "'.', '_' or '-': it is part of queue names");
			Assert.notNull(stateType, "A workflow needs a state type");
			this.id = id;
			this.stateType = stateType;
		}

		/**
		 * Name the workflow, as its events carry it.
		 * @param name the name
		 * @return this builder
		 */
		public Builder<S> name(String name) {
			this.name = name;
			return this;
		}

		/**
		 * Add a stage without compensation.
		 * @param stageId the stage id
		 * @param handler its work
		 * @return this builder
		 */
		public Builder<S> stage(String stageId, StageHandler<S> handler) {
			return stage(stageId, handler, null);
		}

		/**
		 * Add a stage.
		 * @param stageId the stage id
		 * @param handler its work
		 * @param compensation what undoes it when a later stage fails for good
		 * @return this builder
		 */
		public Builder<S> stage(String stageId, StageHandler<S> handler, StageCompensation<S> compensation) {
			Assert.hasText(stageId, "A stage needs an id");
			Assert.notNull(handler, "A stage needs a handler");
			this.stages.add(new Stage<>(stageId, handler, compensation));
			return this;
		}

		/**
		 * Add a stage that another service runs, a Go service or another Java one: this application declares its
		 * queue and sends it the stage's messages but does not consume it. Use it to start a workflow defined
		 * elsewhere, or to run only some of a workflow's stages here. A workflow with a remote stage leaves its
		 * compensation queue to the service that defines the whole workflow, since only that one has every stage's
		 * compensation.
		 * @param stageId the stage id, as the other service names it
		 * @return this builder
		 */
		public Builder<S> remoteStage(String stageId) {
			Assert.hasText(stageId, "A stage needs an id");
			this.stages.add(new Stage<>(stageId, null, null));
			return this;
		}

		/**
		 * Build the workflow.
		 * @return the workflow
		 */
		public Workflow<S> build() {
			Assert.state(!this.stages.isEmpty(), () -> "Workflow '" + this.id + "' has no stages");
			Set<String> ids = new HashSet<>();
			for (Stage<S> stage : this.stages) {
				Assert.state(ids.add(stage.id()),
						() -> "Workflow '" + this.id + "' has two stages '" + stage.id() + "'");
			}
			return new Workflow<>(this.id, (this.name != null) ? this.name : this.id, this.stateType, this.stages);
		}

	}

}
