package io.mmate.schedule;

import java.time.Duration;

import io.mmate.delay.DelayMechanism;
import io.mmate.delay.DelayedRoute;
import io.mmate.delay.TtlLevelTopology;

/**
 * One leg of a delay on its way to the relay queue. A delay longer than the mechanism holds at once is made of
 * several hops: the relay sends a message whose {@link ScheduledHeaders#REMAINING} is positive on another hop
 * instead of delivering it. Counting what remains, rather than comparing clocks, keeps it free of clock skew.
 *
 * @param route where to publish
 * @param remaining what is left to wait after this hop
 * @param mandatory whether to publish mandatory: not through the plugin, whose exchange routes a message only once
 * its delay has elapsed and so returns every mandatory one at once
 */
record DelayHop(DelayedRoute route, Duration remaining, boolean mandatory) {

	/** The plugin's longest delay: longer ones it delivers at once (an Erlang timer limit). */
	static final Duration PLUGIN_MAX_DELAY = Duration.ofMillis(0xFFFF_FFFFL);

	/**
	 * The first hop of a delay.
	 * @param mechanism the delay mechanism
	 * @param delay the whole delay; negative counts as zero
	 * @return the hop
	 */
	static DelayHop of(DelayMechanism mechanism, Duration delay) {
		Duration wanted = delay.isNegative() ? Duration.ZERO : delay;
		Duration max = (mechanism instanceof DelayMechanism.DelayedMessagePlugin) ? PLUGIN_MAX_DELAY
				: TtlLevelTopology.MAX_DELAY;
		Duration hop = (wanted.compareTo(max) > 0) ? max : wanted;
		DelayedRoute route = mechanism.route(hop, SchedulingTopology.relayQueue(mechanism.replicated()));
		return new DelayHop(route, wanted.minus(hop), route.delayHeader() == null);
	}

}
