package io.mmate.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.mmate.delay.DelayMechanism;
import io.mmate.delay.DurableQueues;
import io.mmate.topology.Exchanges;
import io.mmate.topology.RoutingKeys;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;

/**
 * Names and declarations of scheduling: the relay queue that every delayed scheduled message reaches when due, its
 * dead-letter queue, and per recurring schedule a single-active-consumer queue and the wait queue its tick token
 * expires from.
 */
public final class SchedulingTopology {

	/** Where the delay mechanism delivers due scheduled messages; every instance relays from it. */
	public static final String RELAY_QUEUE = "mmate.delay.scheduled";

	/** The relay queue of services whose queues are replicated: a quorum queue. */
	public static final String REPLICATED_RELAY_QUEUE = "mmate.delay.quorum.scheduled";

	private SchedulingTopology() {
	}

	/**
	 * The relay queue of a kind of delay mechanism. Classic and quorum relay queues have names of their own, so that
	 * services can move to quorum queues one at a time on the same broker.
	 * @param replicated whether the queues are quorum queues
	 * @return {@link #REPLICATED_RELAY_QUEUE} or {@link #RELAY_QUEUE}
	 */
	public static String relayQueue(boolean replicated) {
		return replicated ? REPLICATED_RELAY_QUEUE : RELAY_QUEUE;
	}

	/**
	 * The queue that delivers a schedule's due tick tokens.
	 * @param serviceName the service name
	 * @param scheduleName the schedule name
	 * @return {@code mmate.schedule.{serviceName}.{scheduleName}}
	 */
	public static String scheduleQueue(String serviceName, String scheduleName) {
		return "mmate.schedule." + serviceName + "." + scheduleName;
	}

	/**
	 * The queue a schedule's tick token waits in.
	 * @param scheduleQueue the schedule's queue
	 * @return {@code {scheduleQueue}.wait}
	 */
	public static String waitQueue(String scheduleQueue) {
		return scheduleQueue + ".wait";
	}

	/**
	 * The declarations, in the order they must be made. They include what they bind to (the delay mechanism's
	 * topology and {@code mmate.dlx}), so that they do not depend on another declarer going first.
	 * @param mechanism the delay mechanism
	 * @param schedules the recurring schedules
	 * @return the declarations
	 */
	public static Declarables create(DelayMechanism mechanism, List<RecurringSchedule> schedules) {
		boolean replicated = mechanism.replicated();
		String relay = relayQueue(replicated);
		List<Declarable> declarables = new ArrayList<>(mechanism.declarables());
		declarables.add(new TopicExchange(Exchanges.DEAD_LETTER, true, false));
		declarables.add(new Queue(relay, true, false, false, DurableQueues.arguments(replicated, Map.of())));
		declarables.add(mechanism.destinationBinding(relay));
		String deadLetter = RoutingKeys.deadLetter(relay);
		declarables.add(new Queue(deadLetter, true, false, false, DurableQueues.arguments(replicated, Map.of())));
		declarables.add(new Binding(deadLetter, Binding.DestinationType.QUEUE, Exchanges.DEAD_LETTER, deadLetter,
				null));
		for (RecurringSchedule schedule : schedules) {
			// One consumer at a time across all instances: the tick token goes to exactly one of them.
			declarables.add(new Queue(schedule.queue(), true, false, false,
					DurableQueues.arguments(replicated, Map.of("x-single-active-consumer", true))));
			// A token waits here for its per-message TTL. Only the head expires, which is harmless: the tokens of one
			// schedule are due at about the same time, and waiting behind a later one makes a token late, never early.
			declarables.add(new Queue(schedule.waitQueue(), true, false, false,
					waitQueueArguments(replicated, schedule.queue())));
		}
		return new Declarables(declarables);
	}

	private static Map<String, Object> waitQueueArguments(boolean replicated, String scheduleQueue) {
		Map<String, Object> expiry = Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", scheduleQueue);
		return replicated ? DurableQueues.arguments(true, DurableQueues.deadLetteredAtLeastOnce(expiry)) : expiry;
	}

}
