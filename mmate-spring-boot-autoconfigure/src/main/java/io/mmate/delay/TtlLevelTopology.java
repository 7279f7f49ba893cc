package io.mmate.delay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

	/** Classic queues named {@code mmate.delay.*}: what a single broker uses. */
	public static final TtlLevelTopology CLASSIC = new TtlLevelTopology("mmate.delay", false);

	/**
	 * Quorum queues named {@code mmate.delay.quorum.*}, replicated across a cluster's nodes. They have names of their
	 * own so that they can live beside the classic ones on the same broker: services move over one at a time, and
	 * what waits in the classic levels still arrives.
	 */
	public static final TtlLevelTopology REPLICATED = new TtlLevelTopology("mmate.delay.quorum", true);

	private final String prefix;

	private final boolean replicated;

	private TtlLevelTopology(String prefix, boolean replicated) {
		this.prefix = prefix;
		this.replicated = replicated;
	}

	/**
	 * The levels of the given kind.
	 * @param replicated whether the levels are quorum queues
	 * @return {@link #REPLICATED} or {@link #CLASSIC}
	 */
	public static TtlLevelTopology of(boolean replicated) {
		return replicated ? REPLICATED : CLASSIC;
	}

	/**
	 * Whether the queues are quorum queues, replicated across a cluster's nodes.
	 * @return {@code true} for quorum queues
	 */
	public boolean replicated() {
		return this.replicated;
	}

	/**
	 * The name of a level's exchange and queue.
	 * @param level the level, 0 for one second
	 * @return {@code {prefix}.level.{level}}
	 */
	public String levelName(int level) {
		return this.prefix + ".level." + String.format("%02d", level);
	}

	/**
	 * Where delayed messages enter: the exchange of the highest level.
	 * @return the exchange
	 */
	public String entryExchange() {
		return levelName(LEVELS - 1);
	}

	/**
	 * The exchange that routes a message whose delay has elapsed to its destination queue.
	 * @return {@code {prefix}.delivery}
	 */
	public String deliveryExchange() {
		return this.prefix + ".delivery";
	}

	/**
	 * The exchange and queue that catch delayed messages whose destination queue has no binding any more.
	 * @return {@code {prefix}.unroutable}
	 */
	public String unroutable() {
		return this.prefix + ".unroutable";
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
	 * The binding key that delivers delayed messages to a queue from the {@linkplain #deliveryExchange() delivery
	 * exchange}.
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
	public List<Declarable> declarables() {
		List<Declarable> declarables = new ArrayList<>();
		declarables.add(new FanoutExchange(unroutable(), true, false));
		declarables.add(new Queue(unroutable(), true, false, false, DurableQueues.arguments(this.replicated, Map.of())));
		declarables.add(new Binding(unroutable(), Binding.DestinationType.QUEUE, unroutable(), "", null));
		declarables.add(new TopicExchange(deliveryExchange(), true, false, Map.of("alternate-exchange", unroutable())));
		for (int level = 0; level < LEVELS; level++) {
			String name = levelName(level);
			String next = (level == 0) ? deliveryExchange() : levelName(level - 1);
			declarables.add(new TopicExchange(name, true, false));
			declarables.add(new Queue(name, true, false, false, levelArguments(level, next)));
			String higherBits = "*.".repeat(LEVELS - 1 - level);
			declarables.add(new Binding(name, Binding.DestinationType.QUEUE, name, higherBits + "1.#", null));
			declarables.add(new Binding(next, Binding.DestinationType.EXCHANGE, name, higherBits + "0.#", null));
		}
		return declarables;
	}

	private Map<String, Object> levelArguments(int level, String next) {
		Map<String, Object> expiry = Map.of("x-message-ttl", (1L << level) * 1000, "x-dead-letter-exchange", next);
		if (this.replicated) {
			return DurableQueues.arguments(true, DurableQueues.deadLetteredAtLeastOnce(expiry));
		}
		// Classic levels only hold messages, so they may as well keep them on disk.
		Map<String, Object> arguments = new LinkedHashMap<>(expiry);
		arguments.put("x-queue-mode", "lazy");
		return arguments;
	}

	@Override
	public String toString() {
		return this.prefix + ".level.*";
	}

}
