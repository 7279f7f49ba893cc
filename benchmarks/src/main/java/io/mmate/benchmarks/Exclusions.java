package io.mmate.benchmarks;

import java.util.List;

/**
 * Auto-configurations that contexts of other frameworks leave out, so that they measure only themselves.
 */
final class Exclusions {

	/** Mmate's auto-configurations. */
	static final List<String> MMATE = List.of("io.mmate.autoconfigure.MmateAutoConfiguration",
			"io.mmate.autoconfigure.MmateMetricsAutoConfiguration",
			"io.mmate.autoconfigure.MmateSchedulingAutoConfiguration",
			"io.mmate.autoconfigure.health.MmateHealthContributorAutoConfiguration",
			"io.mmate.autoconfigure.endpoint.MmateEndpointAutoConfiguration",
			"io.mmate.autoconfigure.endpoint.MmateDeadLetterEndpointAutoConfiguration");

	private Exclusions() {
	}

}
