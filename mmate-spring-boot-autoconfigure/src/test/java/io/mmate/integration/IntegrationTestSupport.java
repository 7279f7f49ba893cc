package io.mmate.integration;

import java.util.UUID;

import io.mmate.autoconfigure.MmateAutoConfiguration;
import io.mmate.testsupport.TestBroker;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Shared set-up of the integration tests: a context runner on the test broker and unique service names, so test
 * classes never share a queue.
 */
final class IntegrationTestSupport {

	private IntegrationTestSupport() {
	}

	static ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
					MmateAutoConfiguration.class))
			.withPropertyValues(TestBroker.springProperties());
	}

	static String uniqueServiceName(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * Delete queues.
	 * @param queues the queues
	 */
	static void deleteQueues(String... queues) {
		CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();
		try {
			RabbitAdmin admin = new RabbitAdmin(connectionFactory);
			for (String queue : queues) {
				admin.deleteQueue(queue);
			}
		}
		finally {
			connectionFactory.destroy();
		}
	}

	/**
	 * Delete a service queue and its dead-letter queue.
	 * @param serviceName the service name
	 */
	static void deleteServiceQueues(String serviceName) {
		CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();
		try {
			RabbitAdmin admin = new RabbitAdmin(connectionFactory);
			admin.deleteQueue(serviceName + "-queue");
			admin.deleteQueue("dlq." + serviceName + "-queue");
		}
		finally {
			connectionFactory.destroy();
		}
	}

}
