package io.mmate.delay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;

/**
 * Delayed delivery without a broker plugin. There is one level per power of two seconds, each an exchange and a
 * queue whose messages expire after that many seconds. A message's routing key spells its delay in binary, highest
 * bit first, followed by its destination queue: {@code 0.0.1.0.1.....order-service-queue}. At each level the message
 * waits in the level's queue when its bit is set, or passes straight to the next level when it is not; after the
 * last level the delivery exchange routes it to its destination.
 *
 * <p>The number of queues is fixed whatever the delays. Bindings use exactly one {@code *} per bit, so a destination
 * name with dots cannot match another destination's binding.
 */
public final class TtlLevelTopology {

	/** Number of levels: delays up to 2^28 - 1 seconds, about eight and a half years. */
	public static final int LEVELS = 28;

	/** Longest delay the levels can express. */
	public static final Duration MAX_DELAY = Duration.ofSeconds((1L << LEVELS) - 1);

	/** Where delayed messages enter: the exchange of the highest level. */
	public static final String ENTRY_EXCHANGE = levelName(LEVELS - 1);

	/** Routes a message whose delay has elapsed to its destination queue. */
	public static final String DELIVERY_EXCHANGE = "mmate.delay.delivery";

	/** Catches delayed messages whose destination queue has no binding any more. */
	public static final String UNROUTABLE = "mmate.delay.unroutable";

	private TtlLevelTopology() {
	}

	/**
	 * The name of a level's exchange and queue.
	 * @param level the level, 0 for one second
	 * @return {@code mmate.delay.level.{level}}
	 */
	public static String levelName(int level) {
		return "mmate.delay.level." + String.format("%02d", level);
	}

	/**
	 * The routing key that delays a message by at least {@code delay}, rounded up to whole seconds so that it is
	 * never delivered early.
	 * @param delay the delay
	 * @param destinationQueue the queue to deliver to when it has elapsed
	 * @return the routing key
	 * @throws IllegalArgumentException if the delay exceeds {@link #MAX_DELAY}
	 */
	public static String routingKey(Duration delay, String destinationQueue) {
		long seconds = (delay.toMillis() + 999) / 1000;
		if (seconds > MAX_DELAY.getSeconds()) {
			throw new IllegalArgumentException("Delay " + delay + " exceeds the longest supported delay " + MAX_DELAY);
		}
		StringBuilder key = new StringBuilder(LEVELS * 2 + destinationQueue.length());
		for (int level = LEVELS - 1; level >= 0; level--) {
			key.append(((seconds >> level) & 1) == 1 ? '1' : '0').append('.');
		}
		return key.append(destinationQueue).toString();
	}

	/**
	 * The binding key that delivers delayed messages to a queue from the {@link #DELIVERY_EXCHANGE}.
	 * @param queue the destination queue
	 * @return {@code *.*.(one per level).{queue}}
	 */
	public static String deliveryBinding(String queue) {
		return "*.".repeat(LEVELS) + queue;
	}

	/**
	 * The shared declarations: every level's exchange, queue and bindings, the delivery exchange and the queue that
	 * collects unroutable delayed messages.
	 * @return the declarations, in the order they must be made
	 */
	public static List<Declarable> declarables() {
		List<Declarable> declarables = new ArrayList<>();
		declarables.add(new FanoutExchange(UNROUTABLE, true, false));
		declarables.add(new Queue(UNROUTABLE, true, false, false));
		declarables.add(new Binding(UNROUTABLE, Binding.DestinationType.QUEUE, UNROUTABLE, "", null));
		declarables.add(new TopicExchange(DELIVERY_EXCHANGE, true, false, Map.of("alternate-exchange", UNROUTABLE)));
		for (int level = 0; level < LEVELS; level++) {
			String name = levelName(level);
			String next = (level == 0) ? DELIVERY_EXCHANGE : levelName(level - 1);
			declarables.add(new TopicExchange(name, true, false));
			declarables.add(new Queue(name, true, false, false, Map.of("x-queue-mode", "lazy", "x-message-ttl",
					(1L << level) * 1000, "x-dead-letter-exchange", next)));
			String higherBits = "*.".repeat(LEVELS - 1 - level);
			declarables.add(new Binding(name, Binding.DestinationType.QUEUE, name, higherBits + "1.#", null));
			declarables.add(new Binding(next, Binding.DestinationType.EXCHANGE, name, higherBits + "0.#", null));
		}
		return declarables;
	}

}
