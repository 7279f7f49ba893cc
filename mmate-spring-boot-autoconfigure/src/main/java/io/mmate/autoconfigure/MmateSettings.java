package io.mmate.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mmate.consume.ListenerSettings;
import io.mmate.dispatch.HandlerRegistry;
import io.mmate.publish.PublisherSettings;
import io.mmate.topology.BindingSpec;
import io.mmate.topology.QueueSpec;
import io.mmate.topology.ServiceQueues;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;

/**
 * Maps {@link MmateProperties} once into the immutable settings the runtime receives, failing with the full property
 * key when a value is invalid.
 */
final class MmateSettings {

	private MmateSettings() {
	}

	static PublisherSettings publisher(MmateProperties properties) {
		MmateProperties.Publisher publisher = properties.getPublisher();
		requirePositive(publisher.getConfirmTimeout(), "mmate.publisher.confirm-timeout");
		return new PublisherSettings(publisher.getConfirmTimeout(), publisher.isFailOnUnroutableEvents());
	}

	static ListenerSettings listener(MmateProperties properties) {
		MmateProperties.Listener listener = properties.getListener();
		require(listener.getPrefetch() >= 1, "mmate.listener.prefetch", "must be at least 1", listener.getPrefetch());
		require(listener.getConcurrency() >= 1, "mmate.listener.concurrency", "must be at least 1",
				listener.getConcurrency());
		require(listener.getShutdownTimeout() != null && !listener.getShutdownTimeout().isNegative(),
				"mmate.listener.shutdown-timeout", "must not be negative", listener.getShutdownTimeout());
		return new ListenerSettings(ServiceQueues.queueName(serviceName(properties)), listener.getPrefetch(),
				listener.getConcurrency(), listener.getAcknowledgeMode(), listener.isAutoStartup(),
				listener.getShutdownTimeout());
	}

	static String serviceName(MmateProperties properties) {
		String name = properties.getServiceName();
		require(StringUtils.hasText(name) && !StringUtils.containsWhitespace(name), "mmate.service-name",
				"must be a name without white space", name);
		return name;
	}

	static List<QueueSpec> queues(MmateProperties properties, HandlerRegistry handlers) {
		List<BindingSpec> extra = extraBindings(properties);
		if (!StringUtils.hasText(properties.getServiceName()) || (handlers.isEmpty() && extra.isEmpty())) {
			return List.of();
		}
		String serviceName = serviceName(properties);
		return List.of(new QueueSpec(ServiceQueues.queueName(serviceName), properties.getQueue().getType(),
				arguments(properties.getQueue().getArguments()),
				ServiceQueues.bindings(serviceName, handlers.all(), extra), properties.getDeadLetter().isEnabled()));
	}

	static List<BindingSpec> extraBindings(MmateProperties properties) {
		List<MmateProperties.Binding> bindings = properties.getQueue().getBindings();
		for (int i = 0; i < bindings.size(); i++) {
			MmateProperties.Binding binding = bindings.get(i);
			String key = "mmate.queue.bindings[" + i + "]";
			require(StringUtils.hasText(binding.getExchange()), key + ".exchange", "must be set",
					binding.getExchange());
			require(binding.getRoutingKey() != null, key + ".routing-key", "must be set", null);
		}
		return bindings.stream().map((binding) -> new BindingSpec(binding.getExchange(), binding.getRoutingKey()))
			.toList();
	}

	static Map<String, Object> arguments(Map<String, String> configured) {
		Map<String, Object> arguments = new LinkedHashMap<>();
		configured.forEach((name, value) -> arguments.put(name, typed(value)));
		return arguments;
	}

	private static Object typed(String value) {
		if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
			return Boolean.valueOf(value);
		}
		try {
			return Long.valueOf(value);
		}
		catch (NumberFormatException ex) {
			return value;
		}
	}

	private static void requirePositive(Duration duration, String key) {
		require(duration != null && !duration.isZero() && !duration.isNegative(), key, "must be positive", duration);
	}

	private static void require(boolean valid, String key, String rule, Object value) {
		if (!valid) {
			throw new InvalidConfigurationPropertyValueException(key, value, "It " + rule + ".");
		}
	}

}
