package io.mmate.autoconfigure.endpoint;

import java.util.Set;

import io.mmate.autoconfigure.MmateAutoConfiguration;
import io.mmate.autoconfigure.MmateProperties;
import io.mmate.deadletter.DeadLetterLimits;
import io.mmate.deadletter.DeadLetterOperations;
import io.mmate.publish.PublisherChannel;
import io.mmate.topology.ServiceQueues;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of the {@link MmateDeadLetterEndpoint}, present when Spring Boot Actuator is on the class path,
 * Mmate is configured, and the endpoint is available (its access is not {@code none} and it is exposed).
 */
@AutoConfiguration(after = MmateAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnSingleCandidate(ConnectionFactory.class)
@ConditionalOnBean({ PublisherChannel.class, MmateProperties.class })
@ConditionalOnAvailableEndpoint(MmateDeadLetterEndpoint.class)
public final class MmateDeadLetterEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DeadLetterOperations mmateDeadLetterOperations(ConnectionFactory connectionFactory, PublisherChannel publisher,
			MmateProperties properties) {
		// Only this service's queues: the endpoint must not read or change the dead letters of other services.
		String serviceName = properties.getServiceName();
		Set<String> queues = StringUtils.hasText(serviceName) ? Set.of(ServiceQueues.queueName(serviceName))
				: Set.of();
		return new DeadLetterOperations(connectionFactory, publisher, properties.getPublisher().getConfirmTimeout(),
				queues, limits(properties.getDeadLetter().getListing()));
	}

	@Bean
	@ConditionalOnMissingBean
	MmateDeadLetterEndpoint mmateDeadLetterEndpoint(DeadLetterOperations operations) {
		return new MmateDeadLetterEndpoint(operations);
	}

	@Bean
	@ConditionalOnMissingBean
	MmateDeadLetterEndpointWebExtension mmateDeadLetterEndpointWebExtension(MmateDeadLetterEndpoint endpoint) {
		return new MmateDeadLetterEndpointWebExtension(endpoint);
	}

	private static DeadLetterLimits limits(MmateProperties.Listing listing) {
		if (listing.getMaxPageSize() < 1) {
			throw new InvalidConfigurationPropertyValueException("mmate.dead-letter.listing.max-page-size",
					listing.getMaxPageSize(), "It must be at least 1.");
		}
		if (listing.getMaxOffset() < 0) {
			throw new InvalidConfigurationPropertyValueException("mmate.dead-letter.listing.max-offset",
					listing.getMaxOffset(), "It must not be negative.");
		}
		return new DeadLetterLimits(listing.getMaxPageSize(), listing.getMaxOffset(),
				DeadLetterLimits.DEFAULTS.busyWait());
	}

}
