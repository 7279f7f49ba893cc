package io.mmate.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mmate.delay.TtlLevelTopology;
import io.mmate.failure.FailureRules;
import io.mmate.listener.AcknowledgeMode;
import io.mmate.listener.ListenerSettings;
import io.mmate.publish.PublisherSettings;
import io.mmate.retry.CircuitBreakerSettings;
import io.mmate.retry.RetryPolicies;
import io.mmate.retry.RetryPolicySettings;
import io.mmate.topology.BindingSpec;
import io.mmate.topology.QueueType;
import io.mmate.topology.ServiceQueues;
import io.mmate.topology.TopologySettings;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;

/**
 * Maps {@link MmateProperties} once into the immutable settings the runtime receives, failing with the full property
 * key when a value is invalid.
 */
final class MmateSettings {

	private MmateSettings() {
	}

	/**
	 * The mapper of the envelope: the starter's own, not the application's, so that {@code spring.jackson.*} settings
	 * do not change the wire; with {@code mmate.json.application-modules} it registers the application's modules.
	 * @param properties the properties
	 * @param applicationModules the application's Jackson modules
	 * @return the mapper the envelope codec starts from
	 */
	static JsonMapper wireMapper(MmateProperties properties, List<JacksonModule> applicationModules) {
		JsonMapper.Builder builder = JsonMapper.builder();
		if (properties.getJson().isApplicationModules()) {
			applicationModules.forEach(builder::addModule);
		}
		return builder.build();
	}

	static PublisherSettings publisher(MmateProperties properties) {
		MmateProperties.Publisher publisher = properties.getPublisher();
		requirePositive(publisher.getConfirmTimeout(), "mmate.publisher.confirm-timeout");
		require(publisher.getRecoveryTimeout() != null && !publisher.getRecoveryTimeout().isNegative(),
				"mmate.publisher.recovery-timeout", "must not be negative", publisher.getRecoveryTimeout());
		return new PublisherSettings(publisher.getConfirmTimeout(), publisher.isFailOnUnroutableEvents(),
				publisher.getRecoveryTimeout(), publisher.isDeferInTransactions());
	}

	static Duration schedulingCheckInterval(MmateProperties properties) {
		Duration interval = properties.getScheduling().getCheckInterval();
		requirePositive(interval, "mmate.scheduling.check-interval");
		return interval;
	}

	static ListenerSettings listener(MmateProperties properties) {
		MmateProperties.Listener listener = properties.getListener();
		require(listener.getPrefetch() >= 1, "mmate.listener.prefetch", "must be at least 1", listener.getPrefetch());
		require(listener.getConcurrency() >= 1, "mmate.listener.concurrency", "must be at least 1",
				listener.getConcurrency());
		require(listener.getShutdownTimeout() != null && !listener.getShutdownTimeout().isNegative(),
				"mmate.listener.shutdown-timeout", "must not be negative", listener.getShutdownTimeout());
		require(listener.getMessagesPerAck() >= 1, "mmate.listener.messages-per-ack", "must be at least 1",
				listener.getMessagesPerAck());
		MmateProperties.Queue queue = properties.getQueue();
		int deliveryLimit = deliveryLimit(properties);
		require(!properties.isFifo() || listener.getConcurrency() == 1, "mmate.listener.concurrency",
				"must be 1 when mmate.fifo=true", listener.getConcurrency());
		// Counting puts a copy at the end of the queue, which a FIFO queue must not do.
		boolean countInHeaders = queue.getType() == QueueType.CLASSIC && properties.getDeadLetter().isEnabled()
				&& listener.getAcknowledgeMode() == AcknowledgeMode.AFTER_HANDLER && !properties.isFifo();
		require(listener.getMaxMessageSize() != null && listener.getMaxMessageSize().toBytes() > 0,
				"mmate.listener.max-message-size", "must be positive", listener.getMaxMessageSize());
		ListenerSettings.Consumption consumption = new ListenerSettings.Consumption(listener.getPrefetch(),
				listener.getConcurrency(), listener.getAcknowledgeMode(), listener.getMessagesPerAck(),
				listener.getMaxMessageSize().toBytes());
		Duration overflowDelay = properties.getDeadLetter().getOverflowDelay();
		requirePositive(overflowDelay, "mmate.dead-letter.overflow-delay");
		require(overflowDelay.compareTo(TtlLevelTopology.MAX_DELAY) <= 0, "mmate.dead-letter.overflow-delay",
				"must not exceed " + TtlLevelTopology.MAX_DELAY, overflowDelay);
		FailureRules failureRules = new FailureRules(properties.getDeadLetter().isEnabled(), !properties.isFifo(),
				countInHeaders ? deliveryLimit : 0, overflowDelay);
		return new ListenerSettings(ServiceQueues.queueName(serviceName(properties)), consumption, failureRules,
				listener.isAutoStartup(), listener.getShutdownTimeout());
	}

	static String serviceName(MmateProperties properties) {
		String name = properties.getServiceName();
		require(StringUtils.hasText(name) && !StringUtils.containsWhitespace(name), "mmate.service-name",
				"must be a name without white space", name);
		return name;
	}

	static TopologySettings topology(MmateProperties properties) {
		MmateProperties.Queue queue = properties.getQueue();
		require(queue.getType() != null, "mmate.queue.type", "must be set", null);
		MmateProperties.Partitions partitions = properties.getPartitions();
		require(partitions.getCount() >= 1, "mmate.partitions.count", "must be at least 1", partitions.getCount());
		require(StringUtils.hasText(partitions.getKeyHeader()), "mmate.partitions.key-header", "must be set",
				partitions.getKeyHeader());
		// Without a service name the application only publishes; handlers then fail start-up, naming the property.
		String serviceName = StringUtils.hasText(properties.getServiceName()) ? serviceName(properties) : null;
		int deadLetterMaxLength = properties.getDeadLetter().getMaxLength();
		require(deadLetterMaxLength >= 0, "mmate.dead-letter.max-length", "must not be negative", deadLetterMaxLength);
		return new TopologySettings(serviceName, queue.getType(), arguments(queue.getArguments()),
				deliveryLimit(properties), properties.getDeadLetter().isEnabled(), properties.isFifo(),
				extraBindings(properties), partitions.getCount(), partitions.getKeyHeader(),
				queue.isBindGenericExchange(), deadLetterMaxLength);
	}

	private static int deliveryLimit(MmateProperties properties) {
		int deliveryLimit = properties.getQueue().getDeliveryLimit();
		require(deliveryLimit >= 0, "mmate.queue.delivery-limit", "must not be negative", deliveryLimit);
		return deliveryLimit;
	}

	private static List<BindingSpec> extraBindings(MmateProperties properties) {
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

	private static Map<String, Object> arguments(Map<String, String> configured) {
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

	static RetryPolicies retry(MmateProperties properties) {
		MmateProperties.Retry retry = properties.getRetry();
		String prefix = "mmate.retry";
		RetryPolicySettings defaults = policy(new RetryPolicySettings(retry.getMaxAttempts(), retry.getInitialBackoff(),
				retry.getMultiplier(), retry.getMaxBackoff(), retry.getJitter(), delays(retry.getDelays(), prefix),
				retry.getPermanentExceptions(), retry.getTransientExceptions()), prefix);
		if (properties.isFifo()) {
			// A delayed redelivery would overtake the messages behind it.
			defaults = defaults.withoutRedeliveries();
		}
		RetryPolicySettings inherited = defaults;
		Map<String, RetryPolicySettings> byType = new LinkedHashMap<>();
		retry.getHandlers()
			.forEach((type, policy) -> byType.put(type, fifo(properties,
					policy(policy, inherited, "mmate.retry.handlers." + type))));
		return new RetryPolicies(defaults, byType);
	}

	private static RetryPolicySettings policy(MmateProperties.RetryOverride policy, RetryPolicySettings defaults,
			String prefix) {
		return policy(new RetryPolicySettings(orDefault(policy.getMaxAttempts(), defaults.maxAttempts()),
				orDefault(policy.getInitialBackoff(), defaults.initialBackoff()),
				orDefault(policy.getMultiplier(), defaults.multiplier()),
				orDefault(policy.getMaxBackoff(), defaults.maxBackoff()),
				orDefault(policy.getJitter(), defaults.jitter()),
				delays(orDefault(policy.getDelays(), defaults.redeliveryDelays()), prefix),
				orDefault(policy.getPermanentExceptions(), defaults.permanent()),
				orDefault(policy.getTransientExceptions(), defaults.transientTypes())), prefix);
	}

	private static RetryPolicySettings policy(RetryPolicySettings policy, String prefix) {
		require(policy.maxAttempts() >= 1, prefix + ".max-attempts", "must be at least 1", policy.maxAttempts());
		require(!policy.initialBackoff().isNegative(), prefix + ".initial-backoff", "must not be negative",
				policy.initialBackoff());
		require(policy.multiplier() >= 1, prefix + ".multiplier", "must be at least 1", policy.multiplier());
		requirePositive(policy.maxBackoff(), prefix + ".max-backoff");
		require(!policy.jitter().isNegative(), prefix + ".jitter", "must not be negative", policy.jitter());
		return policy;
	}

	// Checked before the settings copy the list, which would fail on an empty element without naming the key.
	private static List<Duration> delays(List<Duration> delays, String prefix) {
		for (int i = 0; i < delays.size(); i++) {
			requirePositive(delays.get(i), prefix + ".delays[" + i + "]");
			require(delays.get(i).compareTo(TtlLevelTopology.MAX_DELAY) <= 0, prefix + ".delays[" + i + "]",
					"must not exceed " + TtlLevelTopology.MAX_DELAY, delays.get(i));
		}
		return delays;
	}

	private static RetryPolicySettings fifo(MmateProperties properties, RetryPolicySettings policy) {
		return properties.isFifo() ? policy.withoutRedeliveries() : policy;
	}

	private static <T> T orDefault(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

	static CircuitBreakerSettings circuitBreaker(MmateProperties properties) {
		MmateProperties.CircuitBreaker breaker = properties.getListener().getCircuitBreaker();
		String prefix = "mmate.listener.circuit-breaker";
		require(breaker.getFailureRateThreshold() >= 1 && breaker.getFailureRateThreshold() <= 100,
				prefix + ".failure-rate-threshold", "must be a percentage from 1 to 100",
				breaker.getFailureRateThreshold());
		require(breaker.getSlidingWindowSize() >= 1, prefix + ".sliding-window-size", "must be at least 1",
				breaker.getSlidingWindowSize());
		require(breaker.getMinimumCalls() >= 1 && breaker.getMinimumCalls() <= breaker.getSlidingWindowSize(),
				prefix + ".minimum-calls", "must be from 1 to the sliding window size", breaker.getMinimumCalls());
		requirePositive(breaker.getOpenDuration(), prefix + ".open-duration");
		return new CircuitBreakerSettings(breaker.getFailureRateThreshold(),
				breaker.getSlidingWindowSize(), breaker.getMinimumCalls(), breaker.getOpenDuration());
	}

	static List<String> allowedReplyAddresses(MmateProperties properties) {
		List<String> patterns = properties.getReplies().getAllowedAddresses();
		for (int i = 0; i < patterns.size(); i++) {
			require(StringUtils.hasText(patterns.get(i)), "mmate.replies.allowed-addresses[" + i + "]",
					"must be a queue name or pattern", patterns.get(i));
		}
		return List.copyOf(patterns);
	}

	static int maxPending(MmateProperties properties) {
		int maxPending = properties.getRequests().getMaxPending();
		require(maxPending >= 1, "mmate.requests.max-pending", "must be at least 1", maxPending);
		return maxPending;
	}

}
