package io.mmate.stageflow;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The StageFlow events of the Go fixtures in {@code golden/go}, as the records they read into.
 */
public final class StageFlowFixtures {

	/** The fixture of a completed workflow instance. */
	public static final String WORKFLOW_COMPLETED = "stageflow-workflow-completed.json";

	/** The workflow instance of {@link #WORKFLOW_COMPLETED}. */
	public static final String COMPLETED_INSTANCE = "b7e3c1d2-5f4a-4e8b-9c6d-1a2b3c4d5e6f";

	private StageFlowFixtures() {
	}

	/**
	 * The event of {@link #WORKFLOW_COMPLETED}.
	 * @return the event
	 */
	public static WorkflowCompletedEvent workflowCompleted() {
		StageResult validate = new StageResult("validate", "completed", Map.of("valid", true), null,
				Instant.parse("2025-07-08T10:30:58.131275903Z"), Instant.parse("2025-07-08T10:30:58.143621581Z"),
				Duration.ofNanos(12345678));
		StageResult reserve = new StageResult("reserve-stock", "completed", Map.of("reservationId", "RES-9921"),
				null, Instant.parse("2025-07-08T10:30:58.16Z"), Instant.parse("2025-07-08T10:30:59Z"),
				Duration.ofMillis(840));
		StageResult ship = new StageResult("ship", "completed", Map.of("carrier", "DHL", "trackingNumber", "TRK-77"),
				null, Instant.parse("2025-07-08T10:30:59.2Z"), Instant.parse("2025-07-08T10:31:00.703Z"),
				Duration.ofMillis(1503));
		Map<String, Object> finalData = new LinkedHashMap<>();
		finalData.put("amount", new BigDecimal("149.97"));
		finalData.put("orderId", "ORD-20250708-0042");
		finalData.put("reserve-stock.reservationId", "RES-9921");
		finalData.put("ship.carrier", "DHL");
		finalData.put("ship.trackingNumber", "TRK-77");
		finalData.put("validate.valid", true);
		return new WorkflowCompletedEvent(COMPLETED_INSTANCE, 5, "stageflow", "order-fulfilment", "Order fulfilment",
				COMPLETED_INSTANCE, "completed", Instant.parse("2025-07-08T10:30:58.120004Z"),
				Instant.parse("2025-07-08T10:31:00.750017Z"), Duration.ofNanos(2630013000L), 3, 3, 0, 0,
				List.of(validate, reserve, ship), finalData, null, null);
	}

}
