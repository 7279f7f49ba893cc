package io.mmate.autoconfigure.health;

import io.mmate.MessagePublisher;
import io.mmate.autoconfigure.MmateAutoConfiguration;
import io.mmate.health.MmateHealthIndicator;
import io.mmate.health.QueueStatsReader;
import io.mmate.testsupport.TestBroker;
import org.junit.jupiter.api.Test;

import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MmateHealthContributorAutoConfiguration}.
 */
class MmateHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
				MmateAutoConfiguration.class, MmateHealthContributorAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class))
		.withPropertyValues(TestBroker.springProperties());

	@Test
	void runShouldCreateIndicatorNamedMmate() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(MmateHealthIndicator.class);
			assertThat(context).hasSingleBean(QueueStatsReader.class);
			assertThat(context.getBean(HealthContributorRegistry.class).getContributor("mmate"))
				.isSameAs(context.getBean(MmateHealthIndicator.class));
		});
	}

	@Test
	void runWhenServiceHasNoQueueShouldReportNoQueueCounts() {
		this.contextRunner.withPropertyValues("mmate.service-name=health-autoconfig-test").run((context) -> {
			Health health = context.getBean(MmateHealthIndicator.class).health(true);
			assertThat(health.getDetails()).containsEntry("service", "health-autoconfig-test")
				.doesNotContainKeys("queue", "consumers");
		});
	}

	@Test
	void runWhenDisabledShouldNotCreateIndicator() {
		this.contextRunner.withPropertyValues("management.health.mmate.enabled:false").run((context) -> {
			assertThat(context).doesNotHaveBean(MmateHealthIndicator.class);
			assertThat(context).doesNotHaveBean(QueueStatsReader.class);
			assertThat(context).hasSingleBean(MessagePublisher.class);
		});
	}

	@Test
	void runWhenHealthDefaultsAreDisabledShouldNotCreateIndicator() {
		this.contextRunner.withPropertyValues("management.health.defaults.enabled:false")
			.run((context) -> assertThat(context).doesNotHaveBean(MmateHealthIndicator.class));
	}

	@Test
	void runWithoutHealthSupportShouldNotCreateIndicatorAndMmateStillWorks() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class.getPackageName()))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(MmateHealthIndicator.class);
				assertThat(context).hasSingleBean(MessagePublisher.class);
			});
	}

	@Test
	void runWhenMmateIsDisabledShouldNotCreateIndicator() {
		this.contextRunner.withPropertyValues("mmate.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MmateHealthIndicator.class));
	}

	@Test
	void runWhenUserDefinesTheIndicatorShouldBackOff() {
		HealthIndicator own = () -> Health.up().build();
		this.contextRunner.withBean("mmateHealthIndicator", HealthIndicator.class, () -> own).run((context) -> {
			assertThat(context).doesNotHaveBean(MmateHealthIndicator.class);
			assertThat(context.getBean("mmateHealthIndicator")).isSameAs(own);
		});
	}

	@Test
	void negativeThresholdFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("management.health.mmate.dead-letter-threshold=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("management.health.mmate.dead-letter-threshold"));
	}

	@Test
	void negativeCacheTimeToLiveFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("management.health.mmate.cache-time-to-live=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("management.health.mmate.cache-time-to-live"));
	}

}
