package io.mmate.schedule;

import java.time.Duration;

import io.mmate.delay.DelayMechanism;
import io.mmate.delay.TtlLevelTopology;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DelayHop}: both mechanisms deliver to the relay queue, and a delay longer than one hop holds is
 * split without ever shortening it.
 */
class DelayHopTests {

	private final DelayMechanism plugin = new DelayMechanism.DelayedMessagePlugin();

	private final DelayMechanism levels = new DelayMechanism.TtlLevels();

	@Test
	void pluginHopCarriesTheDelayInMillisecondsAndIsNotMandatory() {
		DelayHop hop = DelayHop.of(this.plugin, Duration.ofMillis(3250));
		assertThat(hop.route().exchange()).isEqualTo(DelayMechanism.DelayedMessagePlugin.EXCHANGE);
		assertThat(hop.route().routingKey()).isEqualTo(SchedulingTopology.RELAY_QUEUE);
		assertThat(hop.route().delayHeader()).isEqualTo(3250L);
		assertThat(hop.mandatory()).isFalse();
		assertThat(hop.remaining()).isZero();
	}

	@Test
	void ttlLevelHopRoundsUpToWholeSecondsAndIsMandatory() {
		DelayHop hop = DelayHop.of(this.levels, Duration.ofMillis(3250));
		assertThat(hop.route().exchange()).isEqualTo(TtlLevelTopology.CLASSIC.entryExchange());
		assertThat(hop.route().routingKey())
			.isEqualTo(TtlLevelTopology.routingKey(Duration.ofSeconds(4), SchedulingTopology.RELAY_QUEUE));
		assertThat(hop.route().delayHeader()).isNull();
		assertThat(hop.mandatory()).isTrue();
	}

	@Test
	void pastDueTimeGoesStraightToTheRelay() {
		assertThat(DelayHop.of(this.plugin, Duration.ofSeconds(-5)).route().delayHeader()).isZero();
		assertThat(DelayHop.of(this.levels, Duration.ofSeconds(-5)).route().routingKey())
			.isEqualTo(TtlLevelTopology.routingKey(Duration.ZERO, SchedulingTopology.RELAY_QUEUE));
	}

	@Test
	void delayBeyondThePluginLimitIsSplitRatherThanDeliveredAtOnce() {
		Duration sixtyDays = Duration.ofDays(60);
		DelayHop first = DelayHop.of(this.plugin, sixtyDays);
		assertThat(first.route().delayHeader()).isEqualTo(0xFFFF_FFFFL);
		assertThat(first.remaining()).isEqualTo(sixtyDays.minusMillis(0xFFFF_FFFFL));
		DelayHop second = DelayHop.of(this.plugin, first.remaining());
		assertThat(second.remaining()).isZero();
		assertThat(first.route().delayHeader() + second.route().delayHeader()).isEqualTo(sixtyDays.toMillis());
	}

	@Test
	void delayBeyondTheLevelsIsSplit() {
		Duration tenYears = Duration.ofDays(3650);
		DelayHop first = DelayHop.of(this.levels, tenYears);
		assertThat(first.remaining()).isEqualTo(tenYears.minus(TtlLevelTopology.MAX_DELAY));
	}

}
