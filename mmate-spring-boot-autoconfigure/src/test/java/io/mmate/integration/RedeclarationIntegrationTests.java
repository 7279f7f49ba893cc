package io.mmate.integration;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.mmate.testsupport.TestBroker;
import io.mmate.topology.TopologyDeclarer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After a reconnect, the declarer declares everything it can: an object the broker refuses (as it refuses a classic
 * queue whose node is down) does not keep the others from being declared, and is reported until a later reconnect
 * declares it.
 */
class RedeclarationIntegrationTests {

	private final String prefix = "redeclare-it-" + UUID.randomUUID().toString().substring(0, 8);

	private final CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();

	private final RabbitAdmin admin = new RabbitAdmin(this.connectionFactory);

	@AfterEach
	void deleteQueues() {
		this.admin.deleteQueue(this.prefix + ".refused");
		this.admin.deleteQueue(this.prefix + ".declared");
		this.connectionFactory.destroy();
	}

	@Test
	void aRefusedQueueDoesNotStopTheRestAndIsReportedUntilDeclared() {
		String refused = this.prefix + ".refused";
		String declared = this.prefix + ".declared";
		TopologyDeclarer declarer = new TopologyDeclarer(this.connectionFactory,
				() -> new Declarables(new Queue(refused, true, false, false), new Queue(declared, true, false, false)));
		declarer.start();
		try {
			assertThat(declarer.undeclared()).isEmpty();
			// What the broker would refuse: the queue now exists with other arguments, and the other one is gone.
			this.admin.deleteQueue(refused);
			this.admin.declareQueue(new Queue(refused, true, false, false, Map.of("x-max-length", 5)));
			this.admin.deleteQueue(declared);
			this.connectionFactory.resetConnection();
			this.connectionFactory.createConnection().close();
			await().atMost(Duration.ofSeconds(10)).until(() -> !declarer.undeclared().isEmpty());
			assertThat(declarer.undeclared()).containsExactly("queue '" + refused + "'");
			assertThat(this.admin.getQueueInfo(declared)).as("declared after the refused one").isNotNull();
			// Once the broker accepts it again, the next reconnect declares it and nothing is reported.
			this.admin.deleteQueue(refused);
			this.connectionFactory.resetConnection();
			this.connectionFactory.createConnection().close();
			await().atMost(Duration.ofSeconds(10)).until(() -> declarer.undeclared().isEmpty());
			assertThat(this.admin.getQueueInfo(refused)).isNotNull();
			assertThat(List.of(refused, declared)).allSatisfy((queue) -> assertThat(this.admin.getQueueInfo(queue))
				.isNotNull());
		}
		finally {
			declarer.stop();
		}
	}

}
