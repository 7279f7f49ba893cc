package io.mmate.delay;

import java.time.Duration;
import java.util.List;

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
		assertThat(TtlLevelTopology.CLASSIC.declarables().stream().filter(Queue.class::isInstance).map(Queue.class::cast))
			.hasSize(TtlLevelTopology.LEVELS + 1)
			.filteredOn((queue) -> queue.getName().equals(TtlLevelTopology.CLASSIC.levelName(3)))
			.singleElement()
			.satisfies((queue) -> {
				assertThat(queue.getArguments()).containsEntry("x-message-ttl", 8000L);
				assertThat(queue.getArguments()).containsEntry("x-dead-letter-exchange", TtlLevelTopology.CLASSIC.levelName(2));
				assertThat(queue.isDurable()).isTrue();
			});
	}

	@Test
	void levelBindingsUseOneWildcardPerHigherBit() {
		assertThat(TtlLevelTopology.CLASSIC.declarables().stream()
			.filter(Binding.class::isInstance)
			.map(Binding.class::cast)
			.filter((binding) -> binding.getExchange().equals(TtlLevelTopology.CLASSIC.levelName(26))))
			.extracting(Binding::getRoutingKey, Binding::getDestination)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("*.1.#", TtlLevelTopology.CLASSIC.levelName(26)),
					org.assertj.core.groups.Tuple.tuple("*.0.#", TtlLevelTopology.CLASSIC.levelName(25)));
		assertThat(TtlLevelTopology.deliveryBinding("a.b")).isEqualTo("*.".repeat(TtlLevelTopology.LEVELS) + "a.b");
	}

	@Test
	void replicatedLevelsAreQuorumQueuesThatDeadLetterAtLeastOnceUnderNamesOfTheirOwn() {
		TtlLevelTopology replicated = TtlLevelTopology.REPLICATED;
		List<Queue> queues = replicated.declarables().stream().filter(Queue.class::isInstance).map(Queue.class::cast)
			.toList();
		assertThat(queues).hasSize(TtlLevelTopology.LEVELS + 1)
			.allSatisfy((queue) -> {
				assertThat(queue.getName()).startsWith("mmate.delay.quorum.");
				assertThat(queue.getArguments()).containsEntry("x-queue-type", "quorum")
					.doesNotContainKey("x-queue-mode");
			});
		assertThat(queues).filteredOn((queue) -> queue.getName().equals("mmate.delay.quorum.level.03")).singleElement()
			.satisfies((queue) -> assertThat(queue.getArguments()).containsEntry("x-message-ttl", 8000L)
				.containsEntry("x-dead-letter-exchange", "mmate.delay.quorum.level.02")
				.containsEntry("x-dead-letter-strategy", "at-least-once")
				.containsEntry("x-overflow", "reject-publish"));
		assertThat(replicated.entryExchange()).isEqualTo("mmate.delay.quorum.level.27");
		assertThat(replicated.deliveryExchange()).isEqualTo("mmate.delay.quorum.delivery");
		assertThat(replicated.unroutable()).isEqualTo("mmate.delay.quorum.unroutable");
		assertThat(new DelayMechanism.TtlLevels(replicated).route(Duration.ofSeconds(1), "q").exchange())
			.isEqualTo("mmate.delay.quorum.level.27");
	}

	@Test
	void classicLevelsKeepTheirNamesAndStayClassic() {
		assertThat(TtlLevelTopology.CLASSIC.declarables().stream().filter(Queue.class::isInstance)
			.map(Queue.class::cast))
			.allSatisfy((queue) -> {
				assertThat(queue.getName()).startsWith("mmate.delay.").doesNotStartWith("mmate.delay.quorum.");
				assertThat(queue.getArguments()).doesNotContainKey("x-queue-type");
			});
		assertThat(TtlLevelTopology.of(false)).isSameAs(TtlLevelTopology.CLASSIC);
		assertThat(TtlLevelTopology.of(true)).isSameAs(TtlLevelTopology.REPLICATED);
	}

	@Test
	void pluginRouteCarriesTheDelayInTheHeader() {
		DelayedRoute route = new DelayMechanism.DelayedMessagePlugin().route(Duration.ofMillis(1500), "q");
		assertThat(route).isEqualTo(new DelayedRoute(DelayMechanism.DelayedMessagePlugin.EXCHANGE, "q", 1500L));
		assertThat(new DelayMechanism.TtlLevels().route(Duration.ofSeconds(1), "q").delayHeader()).isNull();
	}

}
