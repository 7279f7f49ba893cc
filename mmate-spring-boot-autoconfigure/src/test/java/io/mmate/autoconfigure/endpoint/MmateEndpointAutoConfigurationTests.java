package io.mmate.autoconfigure.endpoint;

import java.time.Duration;

import io.mmate.MessagePublisher;
import io.mmate.autoconfigure.MmateAutoConfiguration;
import io.mmate.delay.DelayMechanismSelector;
import io.mmate.dispatch.HandlerRegistry;
import io.mmate.testsupport.UnreachableConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MmateEndpointAutoConfiguration}, without a broker: the connection factory fails every connection.
 */
class MmateEndpointAutoConfigurationTests {

	private static final String EXPOSED = "management.endpoints.web.exposure.include=" + MmateEndpoint.ID;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
				MmateAutoConfiguration.class, MmateEndpointAutoConfiguration.class))
		.withBean(ConnectionFactory.class, UnreachableConnectionFactory::new)
		.withPropertyValues(UnreachableConnectionFactory.springProperties());

	@Test
	void endpointIsPresentWhenExposed() {
		this.contextRunner.withPropertyValues(EXPOSED)
			.run((context) -> assertThat(context).hasSingleBean(MmateEndpoint.class));
	}

	@Test
	void endpointIsAbsentUnlessExposed() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(MmateEndpoint.class);
			assertThat(context).hasSingleBean(MessagePublisher.class);
		});
	}

	@Test
	void endpointIsAbsentWhenItsAccessIsNone() {
		// Upper case, since a context runner's environment lacks the lenient enum conversion of an application.
		this.contextRunner.withPropertyValues(EXPOSED, "management.endpoint.mmate.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(MmateEndpoint.class));
	}

	@Test
	void endpointIsAbsentWithoutActuatorAndMmateStillWorks() {
		this.contextRunner.withPropertyValues(EXPOSED)
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(MmateEndpoint.class);
				assertThat(context).hasSingleBean(MessagePublisher.class);
			});
	}

	@Test
	void endpointIsAbsentWhenMmateIsDisabled() {
		this.contextRunner.withPropertyValues(EXPOSED, "mmate.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MmateEndpoint.class));
	}

	@Test
	void publishOnlyServiceIsDescribedWithoutQueuesOrRetryPolicy() {
		this.contextRunner.withPropertyValues(EXPOSED).run((context) -> {
			MmateDescriptor descriptor = context.getBean(MmateEndpoint.class).describe();
			assertThat(descriptor.serviceName()).isNull();
			assertThat(descriptor.exchanges()).containsExactly("mmate.commands", "mmate.events", "mmate.queries",
					"mmate.messages", "mmate.contracts", "mmate.dlx");
			assertThat(descriptor.queues()).isEmpty();
			assertThat(descriptor.handlers()).isEmpty();
			assertThat(descriptor.retry()).isNull();
		});
	}

	@Test
	void unreachableBrokerIsDescribedWithoutBrokerOrDelayMechanism() {
		this.contextRunner.withPropertyValues(EXPOSED).run((context) -> {
			MmateDescriptor descriptor = context.getBean(MmateEndpoint.class).describe();
			assertThat(descriptor.broker()).isNull();
			assertThat(descriptor.delayMechanism()).isNull();
		});
	}

	@Test
	void backsOffWhenTheUserDefinesTheEndpoint() {
		this.contextRunner.withPropertyValues(EXPOSED)
			.withBean("userEndpoint", MmateEndpoint.class, () -> new MmateEndpoint(() -> null,
					new HandlerRegistry(), null, new DelayMechanismSelector(new UnreachableConnectionFactory(),
							DelayMechanismSelector.Mode.AUTO), new UnreachableConnectionFactory()))
			.run((context) -> assertThat(context).getBean(MmateEndpoint.class)
				.isSameAs(context.getBean("userEndpoint")));
	}

	@Test
	void durationsAreTextInTheLargestWholeUnit() {
		assertThat(MmateDescriptor.text(Duration.ofMillis(200))).isEqualTo("200ms");
		assertThat(MmateDescriptor.text(Duration.ofMillis(1500))).isEqualTo("1500ms");
		assertThat(MmateDescriptor.text(Duration.ZERO)).isEqualTo("0s");
		assertThat(MmateDescriptor.text(Duration.ofSeconds(10))).isEqualTo("10s");
		assertThat(MmateDescriptor.text(Duration.ofSeconds(90))).isEqualTo("90s");
		assertThat(MmateDescriptor.text(Duration.ofMinutes(10))).isEqualTo("10m");
		assertThat(MmateDescriptor.text(Duration.ofHours(2))).isEqualTo("2h");
		assertThat(MmateDescriptor.text(Duration.ofDays(3))).isEqualTo("3d");
	}

}
