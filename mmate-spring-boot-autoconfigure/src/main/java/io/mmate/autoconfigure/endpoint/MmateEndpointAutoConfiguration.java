package io.mmate.autoconfigure.endpoint;

import io.mmate.autoconfigure.MmateAutoConfiguration;
import io.mmate.contract.ContractRegistry;
import io.mmate.delay.DelayMechanismSelector;
import io.mmate.dispatch.HandlerRegistry;
import io.mmate.retry.RetryPolicies;
import io.mmate.topology.ServiceTopologyProvider;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the read-only {@link MmateEndpoint}, present when Spring Boot Actuator is on the class path,
 * Mmate is configured, and the endpoint is available (its access is not {@code none} and it is exposed).
 */
@AutoConfiguration(after = MmateAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnSingleCandidate(ConnectionFactory.class)
@ConditionalOnBean({ ServiceTopologyProvider.class, HandlerRegistry.class, DelayMechanismSelector.class })
@ConditionalOnAvailableEndpoint(MmateEndpoint.class)
public final class MmateEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MmateEndpoint mmateEndpoint(ServiceTopologyProvider topology, HandlerRegistry handlers,
			ObjectProvider<RetryPolicies> retry, DelayMechanismSelector delays, ConnectionFactory connectionFactory,
			ObjectProvider<ContractRegistry> contracts) {
		return new MmateEndpoint(topology, handlers, retry.getIfUnique(), delays, connectionFactory,
				() -> contracts.stream().flatMap((registry) -> registry.contracts().stream()).toList());
	}

}
