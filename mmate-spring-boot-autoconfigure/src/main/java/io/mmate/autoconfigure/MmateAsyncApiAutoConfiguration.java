package io.mmate.autoconfigure;

import io.mmate.asyncapi.AsyncApiGenerator;
import io.mmate.dispatch.HandlerRegistry;
import io.mmate.envelope.TypeRegistry;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of the AsyncAPI document of the service on top of {@link MmateAutoConfiguration}: the
 * {@link AsyncApiGenerator}, and, when {@code mmate.asyncapi.export-path} is set, the document written to that file
 * once the application has started.
 */
@AutoConfiguration(after = MmateAutoConfiguration.class)
@ConditionalOnSingleCandidate(ConnectionFactory.class)
@ConditionalOnBean({ HandlerRegistry.class, TypeRegistry.class, MmateProperties.class })
public final class MmateAsyncApiAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AsyncApiGenerator mmateAsyncApiGenerator(MmateProperties properties, HandlerRegistry handlers, TypeRegistry types,
			ConnectionFactory connectionFactory) {
		String serviceName = StringUtils.hasText(properties.getServiceName()) ? properties.getServiceName() : null;
		return new AsyncApiGenerator(serviceName, handlers, types, properties.getAsyncapi()::getSends,
				new AsyncApiGenerator.Broker(connectionFactory.getHost(), connectionFactory.getPort(),
						connectionFactory.getVirtualHost()));
	}

	@Bean
	@ConditionalOnProperty("mmate.asyncapi.export-path")
	AsyncApiExport mmateAsyncApiExport(AsyncApiGenerator generator, MmateProperties properties,
			ConfigurableApplicationContext context) {
		MmateProperties.AsyncApi asyncapi = properties.getAsyncapi();
		return new AsyncApiExport(generator, asyncapi.getExportPath(), asyncapi.isExitAfterExport(), context);
	}

}
