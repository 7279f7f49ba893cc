package io.mmate.topology;

import java.util.Map;
import java.util.function.Function;

import org.springframework.amqp.core.Queue;

/**
 * A durable queue of the starter's that knows which setting decides each of its arguments, so that a queue already on
 * the broker with other arguments is reported with the setting to change (see {@link MismatchReport}).
 */
final class ConfiguredQueue extends Queue {

	private final transient Function<String, String> settings;

	/**
	 * Create a durable queue.
	 * @param name the name
	 * @param arguments the arguments to declare it with
	 * @param settings for an argument, present or not, the settings that decide it, or {@code null} when none does
	 */
	ConfiguredQueue(String name, Map<String, Object> arguments, Function<String, String> settings) {
		super(name, true, false, false, arguments);
		this.settings = settings;
	}

	/**
	 * The settings that decide an argument of this queue.
	 * @param argument the argument, for example {@code x-queue-type}
	 * @return the settings and their values, or {@code null} when no setting decides it
	 */
	String settingsOf(String argument) {
		return this.settings.apply(argument);
	}

}
