package io.mmate.autoconfigure.endpoint;

import io.mmate.asyncapi.AsyncApiGenerator;
import io.mmate.autoconfigure.MmateAsyncApiAutoConfiguration;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the read-only {@link MmateAsyncApiEndpoint}, present when Spring Boot Actuator is on the class
 * path, Mmate is configured, and the endpoint is available (its access is not {@code none} and it is exposed).
 */
@AutoConfiguration(after = MmateAsyncApiAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(AsyncApiGenerator.class)
@ConditionalOnAvailableEndpoint(MmateAsyncApiEndpoint.class)
public final class MmateAsyncApiEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MmateAsyncApiEndpoint mmateAsyncApiEndpoint(AsyncApiGenerator generator) {
		return new MmateAsyncApiEndpoint(generator);
	}

}
