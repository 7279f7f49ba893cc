package io.mmate.test;

/**
 * The properties that keep Mmate from touching a broker while the {@link MmateTestHarness} stands in for it: no
 * listener containers start, no topology is declared, no scheduling relay, contract announcements, outbox relay or
 * StageFlow engine run.
 * {@link MmateTest @MmateTest} sets them; a test that builds its context otherwise sets {@link #ALL}, for example
 * {@code new ApplicationContextRunner().withPropertyValues(MmateTestProperties.ALL)}.
 */
public final class MmateTestProperties {

	/** The listener containers do not start. */
	public static final String NO_LISTENERS = "mmate.listener.auto-startup=false";

	/** The topology is not declared. */
	public static final String NO_TOPOLOGY = "mmate.topology.declare=false";

	/**
	 * The broker-backed scheduling (relay, recurring schedules) is off; the harness's own
	 * {@link io.mmate.MessageScheduler} holds scheduled messages. {@link io.mmate.MmateScheduled} methods do not run.
	 */
	public static final String NO_SCHEDULING_RELAY = "mmate.scheduling.enabled=false";

	/** Contracts are neither announced nor collected. */
	public static final String NO_CONTRACTS = "mmate.contracts.enabled=false";

	/** The transactional outbox is off: publishes go to the harness, and no relay reads the outbox table. */
	public static final String NO_OUTBOX = "mmate.outbox.enabled=false";

	/**
	 * StageFlow is off: the engine would declare and consume the workflows' queues on a broker, so there is no
	 * {@code WorkflowRunner}; test the stages' handlers as plain functions.
	 */
	public static final String NO_STAGEFLOW = "mmate.stageflow.enabled=false";

	/** All of them. */
	public static final String[] ALL = { NO_LISTENERS, NO_TOPOLOGY, NO_SCHEDULING_RELAY, NO_CONTRACTS, NO_OUTBOX,
			NO_STAGEFLOW };

	private MmateTestProperties() {
	}

}
