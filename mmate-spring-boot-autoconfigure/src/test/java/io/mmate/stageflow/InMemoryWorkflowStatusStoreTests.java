package io.mmate.stageflow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InMemoryWorkflowStatusStore}.
 */
class InMemoryWorkflowStatusStoreTests {

	private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

	@Test
	void statusFollowsTheEventsAndIgnoresAnOlderOne() {
		InMemoryWorkflowStatusStore store = new InMemoryWorkflowStatusStore(10, Clock.fixed(NOW, ZoneOffset.UTC));
		store.started("wf", "a", 3);
		store.record(stageCompleted("a", 2, 1));
		store.record(completed("a", 4));
		store.record(stageCompleted("a", 3, 2));
		assertThat(store.find("a")).get().satisfies((status) -> {
			assertThat(status.status()).isEqualTo("completed");
			assertThat(status.completedStages()).isEqualTo(3);
			assertThat(status.sequence()).isEqualTo(4);
		});
	}

	@Test
	void anEndRecordedTwiceCountsOnceTowardsTheFinishedInstancesKept() {
		InMemoryWorkflowStatusStore store = new InMemoryWorkflowStatusStore(2, Clock.fixed(NOW, ZoneOffset.UTC));
		// The engine records its own events, and sees them again among those of every process.
		store.record(completed("a", 4));
		store.record(completed("a", 4));
		store.record(completed("b", 4));
		assertThat(store.find("a")).isPresent();
		assertThat(store.find("b")).isPresent();
		store.record(completed("c", 4));
		assertThat(store.find("a")).isEmpty();
		assertThat(store.find("b")).isPresent();
		assertThat(store.find("c")).isPresent();
	}

	private static StageCompletedEvent stageCompleted(String instance, long sequence, int stageIndex) {
		return new StageCompletedEvent(instance, sequence, "stageflow", "wf", instance, "s" + stageIndex, stageIndex,
				"s" + stageIndex, "completed", NOW, NOW, Duration.ZERO, null, null, stageIndex + 1, 3);
	}

	private static WorkflowCompletedEvent completed(String instance, long sequence) {
		return new WorkflowCompletedEvent(instance, sequence, "stageflow", "wf", "wf", instance, "completed", NOW, NOW,
				Duration.ZERO, 3, 3, 0, 0, List.of(), Map.of(), null, null);
	}

}
