package io.mmate.stageflow;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mmate.GoTime;

/**
 * Progress within a stage, as Go's {@code FlowMessageEnvelope} carries it in {@code checkpoint}. Go's engine sends it
 * empty (a zero {@code lastUpdate}, {@code 0001-01-01T00:00:00Z}) unless a stage saves step results.
 *
 * @param stageId the stage, or empty
 * @param stepName the step, or {@code null}
 * @param stepCompleted whether the step completed
 * @param stepResults what the steps produced, or {@code null}
 * @param lastUpdate when the checkpoint changed, Go's zero time when it never did
 * @param retryCount how often the step was retried
 */
public record ProcessingCheckpoint(String stageId, @JsonInclude(JsonInclude.Include.NON_EMPTY) String stepName,
		boolean stepCompleted, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> stepResults,
		@GoTime Instant lastUpdate, int retryCount) {

	/** Go's zero {@code time.Time}, which it writes for a time never set. */
	public static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

	/**
	 * The checkpoint Go's engine writes on every stage message: nothing recorded.
	 * @return an empty checkpoint
	 */
	public static ProcessingCheckpoint empty() {
		return new ProcessingCheckpoint("", null, false, null, GO_ZERO_TIME, 0);
	}

}
