package io.mmate.autoconfigure.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.mmate.contract.AnnouncedContract;
import io.mmate.contract.EndpointContract;
import io.mmate.dispatch.HandlerDefinition;
import io.mmate.retry.RetryPolicies;
import io.mmate.retry.RetryPolicySettings;
import io.mmate.topology.BindingSpec;
import io.mmate.topology.QueueSpec;
import io.mmate.topology.RoutingKeys;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code mmate} endpoint shows: how this service takes part in Mmate messaging.
 *
 * @param serviceName the service name, or {@code null} when the application only publishes
 * @param exchanges the Mmate exchanges the service declares
 * @param queues the service queues with their bindings
 * @param handlers the handlers by message type
 * @param retry the retry policy, or {@code null} when the service consumes nothing
 * @param delayMechanism the delayed-delivery mechanism, or {@code null} while the broker is unreachable
 * @param broker the broker, or {@code null} while it is unreachable
 * @param contracts the endpoint contracts other services announce, by endpoint id
 */
public record MmateDescriptor(@Nullable String serviceName, List<String> exchanges, List<QueueDescriptor> queues,
		List<HandlerDescriptor> handlers, @Nullable RetryDescriptor retry, @Nullable String delayMechanism,
		@Nullable BrokerDescriptor broker, List<ContractDescriptor> contracts) {

	/**
	 * A service queue.
	 *
	 * @param name the queue name
	 * @param type {@code classic} or {@code quorum}
	 * @param arguments the extra arguments it is declared with
	 * @param bindings its bindings
	 * @param deadLetterQueue its dead-letter queue, or {@code null} for none
	 */
	public record QueueDescriptor(String name, String type, Map<String, Object> arguments,
			List<BindingDescriptor> bindings, @Nullable String deadLetterQueue) {

		static QueueDescriptor of(QueueSpec spec) {
			return new QueueDescriptor(spec.name(), spec.type().name().toLowerCase(Locale.ROOT), spec.arguments(),
					spec.bindings().stream().map(BindingDescriptor::of).toList(),
					spec.deadLetterQueue() ? RoutingKeys.deadLetter(spec.name()) : null);
		}

	}

	/**
	 * A binding of a service queue.
	 *
	 * @param exchange the exchange
	 * @param routingKey the binding pattern
	 */
	public record BindingDescriptor(String exchange, String routingKey) {

		static BindingDescriptor of(BindingSpec spec) {
			return new BindingDescriptor(spec.exchange(), spec.routingKey());
		}

	}

	/**
	 * A handler.
	 *
	 * @param type the message type name
	 * @param kind {@code command}, {@code event}, {@code query} or {@code reply}
	 * @param payloadType the class the payload binds to
	 * @param handler the handler, for example {@code OrderHandlers#on(PlaceOrderCommand)}
	 */
	public record HandlerDescriptor(String type, String kind, String payloadType, String handler) {

		static HandlerDescriptor of(HandlerDefinition definition) {
			return new HandlerDescriptor(definition.typeName(), definition.kind().headerValue(),
					definition.payloadType().getName(), definition.description());
		}

	}

	/**
	 * The retry policy.
	 *
	 * @param defaults the policy of message types without an override
	 * @param overrides the policies by message type name
	 */
	public record RetryDescriptor(PolicyDescriptor defaults, Map<String, PolicyDescriptor> overrides) {

		static RetryDescriptor of(RetryPolicies policies) {
			Map<String, PolicyDescriptor> overrides = new LinkedHashMap<>();
			policies.overrides().forEach((type, policy) -> overrides.put(type, PolicyDescriptor.of(policy)));
			return new RetryDescriptor(PolicyDescriptor.of(policies.defaults()), overrides);
		}

	}

	/**
	 * The retry policy of a message type; durations as in the properties, such as {@code 200ms} or {@code 10m}.
	 *
	 * @param maxAttempts attempts per delivery, in process
	 * @param initialBackoff pause before the first in-process retry
	 * @param multiplier factor by which each pause grows
	 * @param maxBackoff longest pause between in-process retries
	 * @param jitter random spread added to each pause
	 * @param delays delays of the redeliveries through the broker
	 * @param totalAttempts attempts in all before a message is dead-lettered
	 * @param permanentExceptions exception types dead-lettered at once
	 * @param transientExceptions exception types always retried
	 */
	public record PolicyDescriptor(int maxAttempts, String initialBackoff, double multiplier, String maxBackoff,
			String jitter, List<String> delays, int totalAttempts, List<String> permanentExceptions,
			List<String> transientExceptions) {

		static PolicyDescriptor of(RetryPolicySettings policy) {
			return new PolicyDescriptor(policy.maxAttempts(), text(policy.initialBackoff()), policy.multiplier(),
					text(policy.maxBackoff()), text(policy.jitter()),
					policy.redeliveryDelays().stream().map(MmateDescriptor::text).toList(), policy.totalAttempts(),
					policy.permanent().stream().map(Class::getName).toList(),
					policy.transientTypes().stream().map(Class::getName).toList());
		}

	}

	/**
	 * The broker, as its connection announced itself.
	 *
	 * @param product the product, {@code RabbitMQ}
	 * @param version the broker version
	 */
	public record BrokerDescriptor(@Nullable String product, @Nullable String version) {

	}

	/**
	 * An endpoint contract another service announced on {@code mmate.contracts}.
	 *
	 * @param endpointId the endpoint, {@code {service}.{Type}}
	 * @param serviceName the service
	 * @param version the contract version
	 * @param queue the queue its messages reach
	 * @param inputType the type name of the message it takes
	 * @param outputType the type name of its reply, {@code None} for none
	 * @param timeout the timeout it states, or {@code null}
	 * @param maxRetries the retries it states
	 * @param announcedAt when this instance last received it
	 */
	public record ContractDescriptor(String endpointId, String serviceName, @Nullable String version,
			@Nullable String queue, @Nullable String inputType, @Nullable String outputType, @Nullable String timeout,
			int maxRetries, Instant announcedAt) {

		static ContractDescriptor of(AnnouncedContract announced) {
			EndpointContract contract = announced.contract();
			return new ContractDescriptor(contract.endpointId(), contract.serviceName(), contract.version(),
					contract.queue(), contract.inputType(), contract.outputType(), contract.timeout(),
					contract.maxRetries(), announced.announcedAt());
		}

	}

	/**
	 * A duration in the largest whole unit, as a property would give it: {@code 200ms}, {@code 10s}, {@code 1m}.
	 */
	static String text(Duration duration) {
		long millis = duration.toMillis();
		if (millis % 1000 != 0) {
			return millis + "ms";
		}
		long seconds = millis / 1000;
		if (seconds == 0 || seconds % 60 != 0) {
			return seconds + "s";
		}
		long minutes = seconds / 60;
		if (minutes % 60 != 0) {
			return minutes + "m";
		}
		long hours = minutes / 60;
		return (hours % 24 != 0) ? hours + "h" : (hours / 24) + "d";
	}

}
