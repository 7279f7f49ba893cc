package io.mmate.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.mmate.autoconfigure.MmateAutoConfiguration;
import io.mmate.stageflow.StageFlowQueues;
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
	 * Delete the stage, compensation and dead-letter queues of workflows.
	 * @param stages the stages of each workflow
	 * @param workflowIds the workflows
	 */
	static void deleteWorkflowQueues(int stages, String... workflowIds) {
		List<String> queues = new ArrayList<>();
		for (String workflow : workflowIds) {
			for (int i = 0; i < stages; i++) {
				queues.add(StageFlowQueues.stage(workflow, i));
			}
			queues.add(StageFlowQueues.compensation(workflow));
		}
		List<String> all = new ArrayList<>(queues);
		queues.forEach((queue) -> all.add(StageFlowQueues.deadLetter(queue)));
		deleteQueues(all.toArray(String[]::new));
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
