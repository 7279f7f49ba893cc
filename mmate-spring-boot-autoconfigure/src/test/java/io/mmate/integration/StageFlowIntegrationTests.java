package io.mmate.integration;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.mmate.MmateHandler;
import io.mmate.stageflow.StageFlowFixtures;
import io.mmate.stageflow.WorkflowCompletedEvent;
import io.mmate.testsupport.GoEnvelopes;
import io.mmate.testsupport.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Java service follows a Go workflow: the {@code WorkflowCompletedEvent} that Go's StageFlow engine publishes on
 * {@code mmate.events} with its routing key reaches an {@link MmateHandler} method with every field.
 */
class StageFlowIntegrationTests {

	private final String service = IntegrationTestSupport.uniqueServiceName("stageflow-it");

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	@Test
	void goWorkflowCompletedEventReachesTheHandler() {
		IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service)
			.withBean(WorkflowFollower.class)
			.run((context) -> {
				publishAsGo(GoEnvelopes.delivery(StageFlowFixtures.WORKFLOW_COMPLETED),
						"evt." + StageFlowFixtures.COMPLETED_INSTANCE + ".WorkflowCompletedEvent");
				WorkflowFollower follower = context.getBean(WorkflowFollower.class);
				await().atMost(Duration.ofSeconds(30)).until(() -> !follower.completed.isEmpty());
				assertThat(follower.completed).containsExactly(StageFlowFixtures.workflowCompleted());
			});
	}

	// As Go's AMQP client publishes it: the envelope's headers in the header table, persistent, JSON.
	private static void publishAsGo(Message go, String routingKey) throws Exception {
		CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();
		try (Connection connection = connectionFactory.createConnection();
				Channel channel = connection.createChannel(false)) {
			AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
				.deliveryMode(2)
				.headers(Map.copyOf(go.getMessageProperties().getHeaders()))
				.build();
			channel.confirmSelect();
			channel.basicPublish("mmate.events", routingKey, true, properties, go.getBody());
			channel.waitForConfirmsOrDie(10_000);
		}
		finally {
			connectionFactory.destroy();
		}
	}

	static class WorkflowFollower {

		final CopyOnWriteArrayList<WorkflowCompletedEvent> completed = new CopyOnWriteArrayList<>();

		@MmateHandler
		void on(WorkflowCompletedEvent event) {
			this.completed.add(event);
		}

	}

}
