package io.mmate.autoconfigure.endpoint;

import io.mmate.autoconfigure.MmateAutoConfiguration;
import io.mmate.autoconfigure.MmateProperties;
import io.mmate.deadletter.DeadLetterOperations;
import io.mmate.publish.PublisherChannel;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

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
		return new DeadLetterOperations(connectionFactory, publisher, properties.getPublisher().getConfirmTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	MmateDeadLetterEndpoint mmateDeadLetterEndpoint(DeadLetterOperations operations) {
		return new MmateDeadLetterEndpoint(operations);
	}

}
