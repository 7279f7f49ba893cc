package io.mmate.health;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.health.contributor.Status;

/**
 * What one health check found wrong, and so its status: {@code DOWN} when anything is down, else
 * {@link MmateHealthIndicator#DEGRADED} when anything needs attention, else {@code UP}.
 */
final class Findings {

	private final List<String> reasons = new ArrayList<>();

	private boolean down;

	void down(String reason) {
		this.down = true;
		this.reasons.add(reason);
	}

	void degraded(String reason) {
		this.reasons.add(reason);
	}

	List<String> reasons() {
		return this.reasons;
	}

	Status status() {
		return this.down ? Status.DOWN : this.reasons.isEmpty() ? Status.UP : MmateHealthIndicator.DEGRADED;
	}

}
