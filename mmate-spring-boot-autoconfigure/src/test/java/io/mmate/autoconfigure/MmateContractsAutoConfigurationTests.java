package io.mmate.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import io.mmate.Command;
import io.mmate.MmateHandler;
import io.mmate.contract.ContractAnnouncer;
import io.mmate.contract.ContractRegistry;
import io.mmate.contract.ContractSubscriber;
import io.mmate.testsupport.UnreachableConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MmateContractsAutoConfiguration}, without a broker: the connection factory fails every connection.
 */
class MmateContractsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
				MmateAutoConfiguration.class, MmateContractsAutoConfiguration.class))
		.withBean(ConnectionFactory.class, UnreachableConnectionFactory::new)
		.withPropertyValues(UnreachableConnectionFactory.springProperties());

	@Test
	void serviceAnnouncesItsContractsAndKeepsARegistry() {
		this.contextRunner.withPropertyValues("mmate.service-name=contracts-autoconfig")
			.withBean(Handlers.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(ContractRegistry.class);
				assertThat(context.getBean(ContractSubscriber.class).queue())
					.matches("contract\\.announce\\.contracts-autoconfig\\.[0-9a-f]{8}");
				assertThat(context.getBean(ContractAnnouncer.class).contracts()).singleElement()
					.satisfies((contract) -> assertThat(contract.endpointId())
						.isEqualTo("contracts-autoconfig.ShipParcel"));
			});
	}

	@Test
	void applicationWithoutServiceNameOnlyListens() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ContractRegistry.class);
			assertThat(context).doesNotHaveBean(ContractAnnouncer.class);
			assertThat(context.getBean(ContractSubscriber.class).queue())
				.matches("contract\\.announce\\.client\\.[0-9a-f]{8}");
		});
	}

	@Test
	void disabledByProperty() {
		this.contextRunner.withPropertyValues("mmate.service-name=contracts-autoconfig", "mmate.contracts.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ContractRegistry.class);
				assertThat(context).doesNotHaveBean(ContractSubscriber.class);
				assertThat(context).doesNotHaveBean(ContractAnnouncer.class);
			});
	}

	@Test
	void backsOffWithoutMmate() {
		this.contextRunner.withPropertyValues("mmate.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ContractRegistry.class));
	}

	@Test
	void backsOffWhenTheUserDefinesTheRegistry() {
		ContractRegistry own = new ContractRegistry(null, Duration.ofMinutes(1), 10, Clock.systemUTC());
		this.contextRunner.withBean("ownRegistry", ContractRegistry.class, () -> own)
			.run((context) -> assertThat(context.getBean(ContractRegistry.class)).isSameAs(own));
	}

	@Test
	void announceIntervalMustBePositive() {
		this.contextRunner.withPropertyValues("mmate.service-name=contracts-autoconfig",
				"mmate.contracts.announce-interval=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("mmate.contracts.announce-interval"));
	}

	@Test
	void expiryMustBePositive() {
		this.contextRunner.withPropertyValues("mmate.contracts.expire-after=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("mmate.contracts.expire-after"));
	}

	record ShipParcel(String parcelId) implements Command {
	}

	static class Handlers {

		@MmateHandler
		void on(ShipParcel command) {
		}

	}

}
