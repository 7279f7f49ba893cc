package io.mmate.test.broker;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Import into a Spring Boot test to run it against a real RabbitMQ broker: a {@link MmateRabbitMQContainer} connected
 * with {@code @ServiceConnection} when a Docker engine answers, else the {@link LocalBroker} on 127.0.0.1:5672
 * (guest/guest) as a {@code RabbitConnectionDetails} bean, else a start-up failure that says how to get either. Both
 * ways Spring Boot's {@code RabbitConnectionDetails} win over {@code spring.rabbitmq.host} and {@code port}, so the
 * same test runs on either broker. {@code mmate.test.broker=local} or {@code testcontainers} insists on one. Also
 * provides a {@link BrokerProbe} on the test's connection.
 *
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;Import(MmateBrokerConfiguration.class)
 * class OrderHandlersIntegrationTests { ... }
 * </pre>
 */
@TestConfiguration(proxyBeanMethods = false)
public class MmateBrokerConfiguration {

	@Bean
	BrokerProbe mmateBrokerProbe(ConnectionFactory connectionFactory, ObjectProvider<JsonMapper> json) {
		return new BrokerProbe(connectionFactory, json.getIfAvailable(() -> JsonMapper.builder().build()));
	}

	/**
	 * A broker in a container, for as long as the test's application context lives.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.testcontainers.rabbitmq.RabbitMQContainer",
			"org.springframework.boot.testcontainers.service.connection.ServiceConnection" })
	@Conditional(BrokerSelection.OnTestcontainers.class)
	static class TestcontainersBrokerConfiguration {

		@Bean
		@ServiceConnection
		MmateRabbitMQContainer mmateRabbitMQContainer() {
			return new MmateRabbitMQContainer();
		}

	}

	/**
	 * The local broker, where no Docker engine answers.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(BrokerSelection.OnLocalBroker.class)
	static class LocalBrokerConfiguration {

		@Bean
		LocalBroker mmateLocalBrokerConnectionDetails() {
			return LocalBroker.connect();
		}

	}

}
