package io.mmate.delay;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.CustomExchange;
import org.springframework.amqp.core.Declarable;

/**
 * How the broker holds a message back until it is due. Both mechanisms keep delayed messages durable and persistent,
 * so a delay survives a broker restart, and neither delivers early.
 */
public sealed interface DelayMechanism {

	/**
	 * A name for logs, health and the management endpoint.
	 * @return {@code delayed-message-plugin} or {@code ttl-levels}
	 */
	String name();

	/**
	 * Whether the queues that go with the mechanism (its own, and the starter's relay and tick queues) are quorum
	 * queues, replicated across a cluster's nodes.
	 * @return {@code true} for quorum queues
	 */
	boolean replicated();

	/**
	 * What every service declares once, whatever its queues.
	 * @return the shared declarations
	 */
	List<Declarable> declarables();

	/**
	 * The binding that lets delayed messages reach a queue.
	 * @param queue the destination queue
	 * @return the binding
	 */
	Binding destinationBinding(String queue);

	/**
	 * Where to publish a message to deliver it to a queue after a delay.
	 * @param delay the delay
	 * @param queue the destination queue
	 * @return the route
	 */
	DelayedRoute route(Duration delay, String queue);

	/**
	 * The broker's delayed-message exchange plugin: the exchange holds each message for its {@code x-delay}.
	 *
	 * @param replicated whether the queues that go with it are quorum queues
	 */
	record DelayedMessagePlugin(boolean replicated) implements DelayMechanism {

		/** The delayed-message exchange. */
		public static final String EXCHANGE = "mmate.delay.exchange";

		/**
		 * The plugin with classic queues.
		 */
		public DelayedMessagePlugin() {
			this(false);
		}

		@Override
		public String name() {
			return "delayed-message-plugin";
		}

		@Override
		public List<Declarable> declarables() {
			return List.of(new CustomExchange(EXCHANGE, "x-delayed-message", true, false,
					Map.of("x-delayed-type", "topic")));
		}

		@Override
		public Binding destinationBinding(String queue) {
			return new Binding(queue, Binding.DestinationType.QUEUE, EXCHANGE, queue, null);
		}

		@Override
		public DelayedRoute route(Duration delay, String queue) {
			return new DelayedRoute(EXCHANGE, queue, Math.max(0, delay.toMillis()));
		}

	}

	/**
	 * The plugin-free {@link TtlLevelTopology}.
	 *
	 * @param levels the levels: classic or replicated
	 */
	record TtlLevels(TtlLevelTopology levels) implements DelayMechanism {

		/**
		 * The classic levels.
		 */
		public TtlLevels() {
			this(TtlLevelTopology.CLASSIC);
		}

		@Override
		public boolean replicated() {
			return this.levels.replicated();
		}

		@Override
		public String name() {
			return "ttl-levels";
		}

		@Override
		public List<Declarable> declarables() {
			return this.levels.declarables();
		}

		@Override
		public Binding destinationBinding(String queue) {
			return new Binding(queue, Binding.DestinationType.QUEUE, this.levels.deliveryExchange(),
					TtlLevelTopology.deliveryBinding(queue), null);
		}

		@Override
		public DelayedRoute route(Duration delay, String queue) {
			return new DelayedRoute(this.levels.entryExchange(), TtlLevelTopology.routingKey(delay, queue), null);
		}

	}

}
