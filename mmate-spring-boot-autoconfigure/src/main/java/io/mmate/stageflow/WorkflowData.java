package io.mmate.stageflow;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.type.TypeReference;

/**
 * Turns the workflow's data ({@code globalData}) into the typed state a stage works on and back, as Go's typed
 * workflows do through JSON: the state's properties are the data's top-level keys; other keys (the stages' data,
 * {@code {stageId}.{key}}) are kept.
 */
final class WorkflowData {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final StageFlowCodec codec;

	WorkflowData(StageFlowCodec codec) {
		this.codec = codec;
	}

	<S> S toState(Map<String, Object> data, Class<S> type) {
		return this.codec.structs().convertValue(data, type);
	}

	Map<String, Object> toMap(Object state) {
		Map<String, Object> map = this.codec.structs().convertValue(state, MAP);
		return (map != null) ? map : new LinkedHashMap<>();
	}

	Map<String, Object> plain(Map<String, Object> data) {
		return data.isEmpty() ? new LinkedHashMap<>() : toMap(data);
	}

}
