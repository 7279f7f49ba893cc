package io.mmate.autoconfigure;

import java.time.Duration;
import java.util.Collection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mmate.metrics.MessagingEvents;
import io.mmate.metrics.MicrometerMessagingEvents;
import io.mmate.metrics.QueueDepthMeters;
import io.mmate.testsupport.UnreachableConnectionFactory;
import io.mmate.topology.QueueStatsReader;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link MmateMetricsAutoConfiguration}, without a broker: the connection factory fails every connection.
 */
class MmateMetricsAutoConfigurationTests {

	private static final String SERVICE = "mmate.service-name=metrics-test";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
				MmateAutoConfiguration.class, MetricsAutoConfiguration.class, MmateMetricsAutoConfiguration.class))
		.withBean(ConnectionFactory.class, UnreachableConnectionFactory::new)
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues(UnreachableConnectionFactory.springProperties())
		.withPropertyValues("mmate.listener.auto-startup=false");

	@Test
	void serviceGetsMessagingMetersAndGaugesOfItsQueues() {
		this.contextRunner.withPropertyValues(SERVICE).run((context) -> {
			assertThat(context.getBean(MessagingEvents.class)).isInstanceOf(MicrometerMessagingEvents.class);
			assertThat(context).hasSingleBean(QueueDepthMeters.class);
			assertThat(queueDepthGauges(context)).extracting((gauge) -> gauge.getId().getTag("messaging.destination.name"))
				.containsExactlyInAnyOrder("metrics-test-queue", "dlq.metrics-test-queue", "mmate.delay.unroutable");
			// Unknown while the broker cannot be asked, rather than a misleading zero.
			assertThat(queueDepthGauges(context)).allSatisfy((gauge) -> assertThat(gauge.value()).isNaN());
			// One gauge per state: 1 for the current one, 0 for the others.
			assertThat(context.getBean(MeterRegistry.class).find("mmate.circuitbreaker.state").gauges())
				.extracting((gauge) -> gauge.getId().getTag("state"), Gauge::value)
				.containsExactlyInAnyOrder(tuple("closed", 1.0), tuple("open", 0.0), tuple("half_open", 0.0));
			assertThat(context.getBean(MeterRegistry.class).find("mmate.circuitbreaker.state").gauges())
				.allSatisfy((gauge) -> assertThat(gauge.getId().getTag("messaging.destination.name"))
					.isEqualTo("metrics-test-queue"));
		});
	}

	@Test
	void publishOnlyServiceHasNoQueueGauges() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(MessagingEvents.class)).isInstanceOf(MicrometerMessagingEvents.class);
			assertThat(context).doesNotHaveBean(QueueDepthMeters.class);
			assertThat(queueDepthGauges(context)).isEmpty();
		});
	}

	@Test
	void disabledDeadLetteringDropsTheDeadLetterQueueGauge() {
		this.contextRunner.withPropertyValues(SERVICE, "mmate.dead-letter.enabled=false")
			.run((context) -> assertThat(queueDepthGauges(context)).extracting((gauge) -> gauge.getId().getTag("messaging.destination.name"))
				.containsExactlyInAnyOrder("metrics-test-queue", "mmate.delay.unroutable"));
	}

	@Test
	void disabledByMmateEnabled() {
		this.contextRunner.withPropertyValues(SERVICE, "mmate.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(MessagingEvents.class);
			assertThat(context).doesNotHaveBean(QueueDepthMeters.class);
			assertThat(context.getBean(MeterRegistry.class).getMeters()).extracting((meter) -> meter.getId().getName())
				.noneMatch((name) -> name.startsWith("mmate."));
		});
	}

	@Test
	void backsOffWithoutAConnectionFactory() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, MmateMetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues(SERVICE)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(MessagingEvents.class);
				assertThat(context).doesNotHaveBean(QueueDepthMeters.class);
			});
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
					MmateAutoConfiguration.class, MmateMetricsAutoConfiguration.class))
			.withBean(ConnectionFactory.class, UnreachableConnectionFactory::new)
			.withPropertyValues(SERVICE, "mmate.listener.auto-startup=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(MessagingEvents.class);
				assertThat(context).doesNotHaveBean(QueueDepthMeters.class);
			});
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner.withPropertyValues(SERVICE)
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(MessagingEvents.class);
				assertThat(context).doesNotHaveBean(QueueDepthMeters.class);
			});
	}

	@Test
	void backsOffWhenTheUserDefinesTheMessagingEvents() {
		this.contextRunner.withPropertyValues(SERVICE)
			.withBean("userEvents", MessagingEvents.class, () -> MessagingEvents.NONE)
			.run((context) -> assertThat(context).getBean(MessagingEvents.class).isSameAs(MessagingEvents.NONE));
	}

	@Test
	void backsOffWhenTheUserDefinesTheQueueDepthMeters() {
		QueueStatsReader stats = new QueueStatsReader(new UnreachableConnectionFactory(), Duration.ZERO);
		QueueDepthMeters own = new QueueDepthMeters(stats, "own-queue", false, "mmate.delay.unroutable");
		this.contextRunner.withPropertyValues(SERVICE)
			.withBean(QueueDepthMeters.class, () -> own)
			.run((context) -> {
				assertThat(context).getBean(QueueDepthMeters.class).isSameAs(own);
				assertThat(queueDepthGauges(context)).extracting((gauge) -> gauge.getId().getTag("messaging.destination.name"))
					.containsExactlyInAnyOrder("own-queue", "mmate.delay.unroutable");
			});
	}

	@Test
	void invalidListenerSettingFailsNamingTheProperty() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, MmateMetricsAutoConfiguration.class))
			.withBean(ConnectionFactory.class, UnreachableConnectionFactory::new)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues(SERVICE, "mmate.listener.prefetch=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("mmate.listener.prefetch"));
	}

	private static Collection<Gauge> queueDepthGauges(AssertableApplicationContext context) {
		return context.getBean(MeterRegistry.class).find("mmate.queue.depth").gauges();
	}

}
