package io.mmate.stageflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mmate.GoDuration;
import io.mmate.GoTime;

/**
 * The outcome of compensating one stage of a failed StageFlow workflow, as {@link WorkflowCompensatedEvent} lists
 * it.
 *
 * @param stageId the compensated stage
 * @param compensationIndex the position of this compensation, counting down to 0
 * @param status {@code pending}, {@code running}, {@code completed}, {@code failed} or {@code skipped}
 * @param startTime when the compensation started
 * @param endTime when it ended, or {@code null}
 * @param duration how long it ran
 * @param error why it failed, or {@code null}
 * @param data what it produced, or {@code null}
 */
public record CompensationResult(String stageId, int compensationIndex, String status, @GoTime Instant startTime,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) @GoTime Instant endTime, @GoDuration Duration duration,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) String error,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> data) {

}
