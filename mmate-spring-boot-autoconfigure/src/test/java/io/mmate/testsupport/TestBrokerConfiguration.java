package io.mmate.testsupport;

import org.testcontainers.rabbitmq.RabbitMQContainer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Import into a Spring Boot test to connect it to the test broker: nothing to do when a local broker answers on
 * 127.0.0.1:5672 (set {@code spring.rabbitmq.host=127.0.0.1}), a Testcontainers broker with {@code @ServiceConnection}
 * when Docker is there, and a clear failure naming both otherwise.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestBrokerConfiguration {

	@Bean
	@ServiceConnection
	@Conditional(NoLocalBroker.class)
	RabbitMQContainer rabbitMQContainer() {
		return TestBroker.newContainer();
	}

	static class NoLocalBroker implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !TestBroker.localBrokerAnswers();
		}

	}

}
