package io.mmate.autoconfigure;

import java.util.List;
import java.util.Map;

import io.mmate.topology.QueueType;
import io.mmate.topology.TopologySettings;
import io.mmate.testsupport.UnreachableConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReplicationAdvice}: one warning when several nodes are listed and the queues are classic.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReplicationAdviceTests {

	private static final List<String> CLUSTER = List.of("n1:5672", "n2:5672", "n3:5672");

	@Test
	void classicQueuesOnSeveralNodesAreNamedInTheWarning() {
		String warning = ReplicationAdvice.check(settings(QueueType.CLASSIC), CLUSTER);
		assertThat(warning).contains("lists 3 nodes", "mmate.queue.type=classic", "'orders-queue'",
				"mmate.delay.*", "Set mmate.queue.type=quorum");
	}

	@Test
	void quorumQueuesOrASingleNodeNeedNoWarning() {
		assertThat(ReplicationAdvice.check(settings(QueueType.QUORUM), CLUSTER)).isNull();
		assertThat(ReplicationAdvice.check(settings(QueueType.CLASSIC), List.of("n1:5672"))).isNull();
	}

	@Test
	void startUpWithSeveralAddressesAndClassicQueuesLogsTheWarning(CapturedOutput output) {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
					MmateAutoConfiguration.class))
			.withBean(ConnectionFactory.class, UnreachableConnectionFactory::new)
			.withPropertyValues("spring.rabbitmq.addresses=127.0.0.1:1,127.0.0.1:2", "mmate.service-name=orders",
					"mmate.listener.auto-startup=false")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("spring.rabbitmq.addresses lists 2 nodes");
	}

	private static TopologySettings settings(QueueType type) {
		return new TopologySettings("orders", type, Map.of(), 20, true, false, List.of(), 8, "x-aggregate-id");
	}

}
