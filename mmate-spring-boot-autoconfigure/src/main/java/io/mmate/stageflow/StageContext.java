package io.mmate.stageflow;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a stage or compensation knows of where it runs, and where a stage puts data it produced: the data goes into
 * the stage's {@link StageResult} and, as {@code {stageId}.{key}}, into the workflow's data, as Go merges it.
 */
public final class StageContext {

	private final String workflowId;

	private final String instanceId;

	private final String stageId;

	private final int stageIndex;

	private final int attempt;

	private final Map<String, Object> data = new LinkedHashMap<>();

	StageContext(String workflowId, String instanceId, String stageId, int stageIndex, int attempt) {
		this.workflowId = workflowId;
		this.instanceId = instanceId;
		this.stageId = stageId;
		this.stageIndex = stageIndex;
		this.attempt = attempt;
	}

	/**
	 * The workflow definition.
	 * @return its id
	 */
	public String workflowId() {
		return this.workflowId;
	}

	/**
	 * The workflow instance.
	 * @return its id
	 */
	public String instanceId() {
		return this.instanceId;
	}

	/**
	 * The stage.
	 * @return its id
	 */
	public String stageId() {
		return this.stageId;
	}

	/**
	 * The stage's position.
	 * @return from 0
	 */
	public int stageIndex() {
		return this.stageIndex;
	}

	/**
	 * The in-process attempt of this delivery.
	 * @return from 1
	 */
	public int attempt() {
		return this.attempt;
	}

	/**
	 * Record data the stage produced.
	 * @param key the key
	 * @param value the value, which must serialize to JSON
	 */
	public void put(String key, Object value) {
		this.data.put(key, value);
	}

	/**
	 * The data recorded so far.
	 * @return the data
	 */
	public Map<String, Object> data() {
		return this.data;
	}

}
