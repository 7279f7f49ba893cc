package io.mmate.integration;

import io.mmate.delay.TtlLevelTopology;

/**
 * The same as {@link DelayIntegrationTests}, with the replicated levels: quorum queues that dead-letter at least once,
 * beside the classic ones on the same broker.
 */
class ReplicatedDelayIntegrationTests extends DelayIntegrationTests {

	@Override
	TtlLevelTopology levels() {
		return TtlLevelTopology.REPLICATED;
	}

}
