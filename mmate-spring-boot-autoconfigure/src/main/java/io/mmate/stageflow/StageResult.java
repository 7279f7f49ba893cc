package io.mmate.stageflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mmate.GoDuration;
import io.mmate.GoTime;

/**
 * The outcome of one stage of a StageFlow workflow, as the workflow events list it.
 *
 * @param stageId the stage
 * @param status {@code pending}, {@code running}, {@code completed}, {@code failed}, {@code compensated} or
 * {@code skipped}
 * @param data what the stage produced, or {@code null}
 * @param error why the stage failed, or {@code null}
 * @param startTime when the stage started
 * @param endTime when the stage ended, or {@code null}
 * @param duration how long the stage ran
 */
public record StageResult(String stageId, String status,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> data,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) String error, @GoTime Instant startTime,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) @GoTime Instant endTime, @GoDuration Duration duration) {

}
