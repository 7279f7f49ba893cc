package io.mmate.test.broker;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.CustomExchange;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@link MmateBrokerConfiguration} where a Docker engine answers: the default selection starts a
 * {@link MmateRabbitMQContainer} and Spring Boot connects to it through {@code @ServiceConnection}, with the plugins
 * the starter uses enabled. Skipped where no Docker engine answers: the machine this module is built on has none, so
 * this test has not run there.
 */
@SpringBootTest(classes = BrokerTestApplication.class, properties = { "mmate.service-name=broker-test",
		"spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=1" })
@Import(MmateBrokerConfiguration.class)
class TestcontainersBrokerIntegrationTests {

	@Autowired
	private ApplicationContext context;

	@BeforeAll
	static void dockerAnswers() {
		assumeThat(BrokerSelection.dockerAnswers(TestcontainersBrokerIntegrationTests.class.getClassLoader()))
			.as("a Docker engine answers").isTrue();
	}

	@Test
	void theContainerIsSelectedAndConnectedThroughItsServiceConnection() {
		MmateRabbitMQContainer container = this.context.getBean(MmateRabbitMQContainer.class);
		assertThat(container.isRunning()).isTrue();
		RabbitConnectionDetails details = this.context.getBean(RabbitConnectionDetails.class);
		assertThat(details).isNotInstanceOf(LocalBroker.class);
		assertThat(details.getFirstAddress().port()).isEqualTo(container.getAmqpPort());
		assertThat(this.context.getBean(ConnectionFactory.class).getPort()).isEqualTo(container.getAmqpPort());
	}

	@Test
	void theConsistentHashExchangePluginIsEnabled() {
		RabbitAdmin admin = new RabbitAdmin(this.context.getBean(ConnectionFactory.class));
		// Without the plugin the broker refuses the exchange type, and the declaration throws.
		assertThatNoException().isThrownBy(() -> admin
			.declareExchange(new CustomExchange("mmate.test.hash", "x-consistent-hash", false, true)));
		admin.deleteExchange("mmate.test.hash");
	}

	@Test
	void aGoQueryIsAnsweredInTheContainer(@Autowired BrokerProbe probe) {
		ReceivedEnvelope reply = probe.request(GoEnvelope.query("FindGreetingQuery", Map.of("name", "Ken")),
				Duration.ofSeconds(30));
		assertThat(reply.payload().get("greeting").asString()).isEqualTo("Hello, Ken");
	}

}
