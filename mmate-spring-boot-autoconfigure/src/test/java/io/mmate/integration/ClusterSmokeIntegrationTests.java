package io.mmate.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.mmate.testsupport.TestCluster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory.ConfirmType;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On the local three-node cluster ({@code scripts/rabbitmq.sh cluster up}): confirmed persistent messages on a
 * quorum queue survive a SIGKILL of the node that leads the queue, and a consumer that connects again through the
 * addresses of all nodes gets every one of them from a surviving node. Skipped when the cluster is not up.
 */
@Tag("cluster")
class ClusterSmokeIntegrationTests {

	private static final int MESSAGES = 100;

	private final String id = UUID.randomUUID().toString().substring(0, 8);

	private final String queue = "cluster-smoke-" + this.id;

	private final String connectionName = "cluster-smoke-" + this.id;

	@BeforeEach
	void clusterIsUp() {
		TestCluster.assumeUp();
	}

	@Test
	void confirmedMessagesOfAQuorumQueueSurviveTheKillOfItsLeader() {
		CachingConnectionFactory connectionFactory = TestCluster.connectionFactory(this.connectionName);
		connectionFactory.setPublisherConfirmType(ConfirmType.SIMPLE);
		RabbitAdmin admin = new RabbitAdmin(connectionFactory);
		int killed = 0;
		try {
			admin.declareQueue(QueueBuilder.durable(this.queue).quorum().build());
			RabbitTemplate template = new RabbitTemplate(connectionFactory);
			template.invoke((operations) -> {
				for (int i = 0; i < MESSAGES; i++) {
					operations.send("", this.queue, message(i));
				}
				operations.waitForConfirmsOrDie(30_000);
				return null;
			});
			long ready = admin.getQueueInfo(this.queue).getMessageCount();
			int publishedThrough = TestCluster.nodeOfConnection(this.connectionName);
			int leader = TestCluster.nodeOfQueueLeader(this.queue);
			System.out.printf("cluster smoke: %d persistent messages confirmed through node %d, %d ready in queue "
					+ "%s led by node %d%n", MESSAGES, publishedThrough, ready, this.queue, leader);
			assertThat(ready).isEqualTo(MESSAGES);

			long killStart = System.nanoTime();
			TestCluster.killNode(leader);
			killed = leader;
			Duration killTook = since(killStart);

			Set<String> received = ConcurrentHashMap.newKeySet();
			AtomicInteger deliveries = new AtomicInteger();
			SimpleMessageListenerContainer consumer = new SimpleMessageListenerContainer(connectionFactory);
			consumer.setQueueNames(this.queue);
			consumer.setRecoveryInterval(500);
			consumer.setMessageListener((message) -> {
				deliveries.incrementAndGet();
				received.add(message.getMessageProperties().getMessageId());
			});
			long consumeStart = System.nanoTime();
			consumer.start();
			try {
				await().atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(100))
					.until(() -> received.size() == MESSAGES);
			}
			finally {
				consumer.stop();
			}
			Duration consumeTook = since(consumeStart);
			int consumedThrough = TestCluster.nodeOfConnection(this.connectionName);
			int newLeader = TestCluster.nodeOfQueueLeader(this.queue);
			System.out.printf("cluster smoke: killed node %d in %d ms; consumer connected through node %d received "
					+ "%d distinct messages in %d deliveries within %d ms; queue now led by node %d%n", leader,
					killTook.toMillis(), consumedThrough, received.size(), deliveries.get(), consumeTook.toMillis(),
					newLeader);
			assertThat(consumedThrough).isNotEqualTo(leader);
			assertThat(newLeader).isNotEqualTo(leader);
			assertThat(received).hasSize(MESSAGES);

			long startStart = System.nanoTime();
			TestCluster.startNode(leader);
			killed = 0;
			System.out.printf("cluster smoke: node %d back in %d ms; running nodes %s%n", leader,
					since(startStart).toMillis(), TestCluster.runningNodes());
			assertThat(TestCluster.runningNodes()).containsExactly(1, 2, 3);
		}
		finally {
			if (killed != 0) {
				TestCluster.startNode(killed);
			}
			deleteQueue(admin);
			connectionFactory.destroy();
		}
	}

	private void deleteQueue(RabbitAdmin admin) {
		try {
			admin.deleteQueue(this.queue);
		}
		catch (RuntimeException ex) {
			// Reported, not thrown: a failure of the test itself matters more than its clean-up.
			System.out.printf("cluster smoke: could not delete queue %s: %s%n", this.queue, ex);
		}
	}

	private static Message message(int number) {
		return MessageBuilder.withBody(("message " + number).getBytes(StandardCharsets.UTF_8))
			.setMessageId("message-" + number)
			.setDeliveryMode(MessageDeliveryMode.PERSISTENT)
			.build();
	}

	private static Duration since(long nanoTime) {
		return Duration.ofNanos(System.nanoTime() - nanoTime);
	}

}
