package io.mmate.test;

import io.mmate.autoconfigure.MmateAutoConfiguration;

import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

/**
 * Context runners of the harness's tests: Mmate's auto-configuration with the harness in place of the broker, and
 * {@code spring.rabbitmq.port} on a port where nothing listens.
 */
final class HarnessContexts {

	static final String SERVICE = PlanningHandlers.SERVICE;

	private HarnessContexts() {
	}

	static ApplicationContextRunner harness() {
		return withoutServiceName().withPropertyValues("mmate.service-name=" + SERVICE);
	}

	static ApplicationContextRunner withoutServiceName() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
					ValidationAutoConfiguration.class, MmateAutoConfiguration.class,
					MmateTestHarnessAutoConfiguration.class))
			.withPropertyValues(MmateTestProperties.ALL)
			.withPropertyValues("spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=1", "mmate.retry.max-attempts=2",
					"mmate.retry.initial-backoff=1ms", "mmate.retry.jitter=0ms", "mmate.retry.delays=10s,1m");
	}

}
