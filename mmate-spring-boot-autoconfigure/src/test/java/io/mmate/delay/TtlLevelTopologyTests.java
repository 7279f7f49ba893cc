package io.mmate.delay;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TtlLevelTopology} and the routes of both {@link DelayMechanism}s.
 */
class TtlLevelTopologyTests {

	@Test
	void routingKeySpellsTheDelayInBinaryHighestBitFirst() {
		String key = TtlLevelTopology.routingKey(Duration.ofSeconds(5), "orders.queue");
		assertThat(key).isEqualTo("0.".repeat(25) + "1.0.1.orders.queue");
	}

	@Test
	void routingKeyRoundsUpSoAMessageIsNeverEarly() {
		assertThat(TtlLevelTopology.routingKey(Duration.ofMillis(1001), "q"))
			.isEqualTo(TtlLevelTopology.routingKey(Duration.ofSeconds(2), "q"));
		assertThat(TtlLevelTopology.routingKey(Duration.ofMillis(1), "q"))
			.isEqualTo(TtlLevelTopology.routingKey(Duration.ofSeconds(1), "q"));
	}

	@Test
	void delaysBeyondTheLevelsAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TtlLevelTopology.routingKey(TtlLevelTopology.MAX_DELAY.plusSeconds(1), "q"))
			.withMessageContaining("exceeds");
	}

	@Test
	void aFixedNumberOfQueuesWithPowerOfTwoExpiry() {
		assertThat(TtlLevelTopology.declarables().stream().filter(Queue.class::isInstance).map(Queue.class::cast))
			.hasSize(TtlLevelTopology.LEVELS + 1)
			.filteredOn((queue) -> queue.getName().equals(TtlLevelTopology.levelName(3)))
			.singleElement()
			.satisfies((queue) -> {
				assertThat(queue.getArguments()).containsEntry("x-message-ttl", 8000L);
				assertThat(queue.getArguments()).containsEntry("x-dead-letter-exchange", TtlLevelTopology.levelName(2));
				assertThat(queue.isDurable()).isTrue();
			});
	}

	@Test
	void levelBindingsUseOneWildcardPerHigherBit() {
		assertThat(TtlLevelTopology.declarables().stream()
			.filter(Binding.class::isInstance)
			.map(Binding.class::cast)
			.filter((binding) -> binding.getExchange().equals(TtlLevelTopology.levelName(26))))
			.extracting(Binding::getRoutingKey, Binding::getDestination)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("*.1.#", TtlLevelTopology.levelName(26)),
					org.assertj.core.groups.Tuple.tuple("*.0.#", TtlLevelTopology.levelName(25)));
		assertThat(TtlLevelTopology.deliveryBinding("a.b")).isEqualTo("*.".repeat(TtlLevelTopology.LEVELS) + "a.b");
	}

	@Test
	void pluginRouteCarriesTheDelayInTheHeader() {
		DelayedRoute route = new DelayMechanism.DelayedMessagePlugin().route(Duration.ofMillis(1500), "q");
		assertThat(route).isEqualTo(new DelayedRoute(DelayMechanism.DelayedMessagePlugin.EXCHANGE, "q", 1500L));
		assertThat(new DelayMechanism.TtlLevels().route(Duration.ofSeconds(1), "q").delayHeader()).isNull();
	}

}
