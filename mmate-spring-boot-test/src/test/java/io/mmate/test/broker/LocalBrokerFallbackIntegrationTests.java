package io.mmate.test.broker;

import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@link MmateBrokerConfiguration} without Docker: the test is connected to the local broker on 127.0.0.1:5672 through
 * Spring Boot's {@link RabbitConnectionDetails}, which win over {@code spring.rabbitmq.port}, here a closed port.
 * Needs a broker on 127.0.0.1:5672 (guest/guest).
 */
@SpringBootTest(classes = BrokerTestApplication.class, properties = { "mmate.service-name=broker-test",
		"mmate.test.broker=local", "spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=1" })
@Import(MmateBrokerConfiguration.class)
class LocalBrokerFallbackIntegrationTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void theConnectionDetailsAreTheLocalBrokers() {
		assertThat(this.context.getBeansOfType(RabbitConnectionDetails.class)).hasSize(1)
			.allSatisfy((name, details) -> assertThat(details).isInstanceOf(LocalBroker.class));
		RabbitConnectionDetails details = this.context.getBean(RabbitConnectionDetails.class);
		assertThat(details.getFirstAddress()).isEqualTo(new RabbitConnectionDetails.Address("127.0.0.1", 5672));
		assertThat(details.getUsername()).isEqualTo("guest");
		assertThat(this.context.getBeansOfType(MmateRabbitMQContainer.class)).isEmpty();
	}

	@Test
	void bootsConnectionFactoryConnectsToTheLocalBrokerNotToTheConfiguredPort() {
		ConnectionFactory connectionFactory = this.context.getBean(ConnectionFactory.class);
		assertThat(connectionFactory.getPort()).isEqualTo(5672);
		try (Connection connection = connectionFactory.createConnection()) {
			assertThat(connection.isOpen()).isTrue();
		}
	}

	@Test
	void withoutTestcontainersOnTheClassPathTheLocalBrokerIsUsed() {
		new ApplicationContextRunner().withClassLoader(new FilteredClassLoader("org.testcontainers"))
			.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class))
			.withUserConfiguration(MmateBrokerConfiguration.class)
			.withPropertyValues("spring.rabbitmq.port=1")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(BrokerProbe.class);
				assertThat(context.getBean(RabbitConnectionDetails.class)).isInstanceOf(LocalBroker.class);
				assertThat(context.getBean(ConnectionFactory.class).getPort()).isEqualTo(5672);
			});
	}

	@Test
	void withoutDockerTheDefaultSelectionIsTheLocalBroker(@Autowired Environment environment) {
		// True on a machine without a Docker engine, such as the one this module is built on.
		assumeThat(BrokerSelection.dockerAnswers(getClass().getClassLoader())).as("no Docker engine answers").isFalse();
		assertThat(BrokerSelection.select(new MockEnvironment(),
				getClass().getClassLoader())).isEqualTo(BrokerSelection.LOCAL);
	}

}
