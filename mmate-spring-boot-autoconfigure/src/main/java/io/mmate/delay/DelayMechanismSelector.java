package io.mmate.delay;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.impl.DefaultExceptionHandler;
import io.mmate.MmateConfigurationException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * Chooses the delay mechanism once, on first use: the delayed-message plugin when configured or, in {@code auto} mode,
 * when the broker has it; the TTL levels otherwise. The probe runs on a short-lived connection of its own because a
 * broker without the plugin closes the connection that asks for its exchange type.
 */
public class DelayMechanismSelector {

	private static final Log logger = LogFactory.getLog(DelayMechanismSelector.class);

	private static final String PROBE_EXCHANGE = "mmate.delay.probe";

	/**
	 * Which mechanism to use.
	 */
	public enum Mode {

		/** The plugin when the broker has it, else TTL levels. */
		AUTO,

		/** Always the plugin; fails at start when the broker lacks it. */
		PLUGIN,

		/** Always TTL levels. */
		TTL_LEVELS

	}

	private final ConnectionFactory connectionFactory;

	private final Mode mode;

	private final boolean replicated;

	private volatile DelayMechanism selected;

	/**
	 * Create a selector of a mechanism with classic queues.
	 * @param connectionFactory the connection factory whose broker is probed
	 * @param mode which mechanism to use
	 */
	public DelayMechanismSelector(ConnectionFactory connectionFactory, Mode mode) {
		this(connectionFactory, mode, false);
	}

	/**
	 * Create a selector.
	 * @param connectionFactory the connection factory whose broker is probed
	 * @param mode which mechanism to use
	 * @param replicated whether the queues of the mechanism are quorum queues, replicated across a cluster's nodes
	 */
	public DelayMechanismSelector(ConnectionFactory connectionFactory, Mode mode, boolean replicated) {
		this.connectionFactory = connectionFactory;
		this.mode = mode;
		this.replicated = replicated;
	}

	/**
	 * Whether the queues of the mechanism are quorum queues; known without asking the broker.
	 * @return {@code true} for quorum queues
	 */
	public boolean replicated() {
		return this.replicated;
	}

	/**
	 * The mechanism if it has been chosen, without probing the broker.
	 * @return the mechanism, or {@code null} before the first {@link #mechanism()} that reached the broker
	 */
	public DelayMechanism selected() {
		return this.selected;
	}

	/**
	 * The mechanism, probing the broker on the first call.
	 * @return the mechanism
	 * @throws IllegalStateException in {@code plugin} mode when the broker lacks the plugin
	 */
	public DelayMechanism mechanism() {
		DelayMechanism mechanism = this.selected;
		if (mechanism == null) {
			synchronized (this) {
				if (this.selected == null) {
					this.selected = select();
					logger.debug("Delayed delivery uses " + this.selected.name());
				}
				mechanism = this.selected;
			}
		}
		return mechanism;
	}

	private DelayMechanism select() {
		return switch (this.mode) {
			case TTL_LEVELS -> levels();
			case PLUGIN -> {
				if (!pluginAvailable()) {
					throw new MmateConfigurationException("mmate.delay.mechanism=plugin but the broker has no "
							+ "x-delayed-message exchange type.", "Enable the plugin on every node (rabbitmq-plugins "
									+ "enable rabbitmq_delayed_message_exchange), or set mmate.delay.mechanism=auto, "
									+ "which uses the TTL levels when the plugin is missing.");
				}
				yield new DelayMechanism.DelayedMessagePlugin(this.replicated);
			}
			case AUTO -> pluginAvailable() ? new DelayMechanism.DelayedMessagePlugin(this.replicated) : levels();
		};
	}

	private DelayMechanism levels() {
		return new DelayMechanism.TtlLevels(TtlLevelTopology.of(this.replicated));
	}

	private boolean pluginAvailable() {
		if (!(this.connectionFactory instanceof AbstractConnectionFactory factory)) {
			return false;
		}
		com.rabbitmq.client.ConnectionFactory probeFactory = factory.getRabbitConnectionFactory().clone();
		// Without the plugin the broker closes the probe's connection; that is the expected answer, not an error.
		probeFactory.setExceptionHandler(new DefaultExceptionHandler() {

			@Override
			public void handleUnexpectedConnectionDriverException(Connection connection, Throwable exception) {
			}

		});
		try (Connection connection = probeFactory.newConnection("mmate-delay-probe")) {
			Channel channel = connection.createChannel();
			channel.exchangeDeclare(PROBE_EXCHANGE, "x-delayed-message", false, true,
					Map.of("x-delayed-type", "direct"));
			channel.exchangeDelete(PROBE_EXCHANGE);
			return true;
		}
		catch (IOException | TimeoutException | RuntimeException ex) {
			return false;
		}
	}

}
