package io.mmate.autoconfigure.health;

import io.mmate.MessagePublisher;
import io.mmate.autoconfigure.MmateAutoConfiguration;
import io.mmate.health.ClusterReader;
import io.mmate.health.ManagementApiClient;
import io.mmate.health.MmateHealthIndicator;
import io.mmate.testsupport.UnreachableConnectionFactory;
import io.mmate.topology.QueueStatsReader;
import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MmateHealthContributorAutoConfiguration}, without a broker: the connection factory fails every
 * connection.
 */
class MmateHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
				MmateAutoConfiguration.class, MmateHealthContributorAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class))
		.withBean(ConnectionFactory.class, UnreachableConnectionFactory::new)
		.withPropertyValues(UnreachableConnectionFactory.springProperties());

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
	void runShouldReportDownWhileTheBrokerIsUnreachable() {
		this.contextRunner.run((context) -> assertThat(context.getBean(MmateHealthIndicator.class).health().getStatus())
			.isEqualTo(Status.DOWN));
	}

	@Test
	void runShouldBindTheIndicatorProperties() {
		this.contextRunner
			.withPropertyValues("management.health.mmate.dead-letter-threshold=5",
					"management.health.mmate.backlog-threshold=1000", "management.health.mmate.cache-time-to-live=0s")
			.run((context) -> {
				MmateHealthIndicatorProperties properties = context.getBean(MmateHealthIndicatorProperties.class);
				assertThat(properties.getDeadLetterThreshold()).isEqualTo(5);
				assertThat(properties.getBacklogThreshold()).isEqualTo(1000);
				assertThat(properties.getCacheTimeToLive()).isZero();
			});
	}

	@Test
	void runWithoutManagementUrlShouldNotReadTheCluster() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(ManagementApiClient.class);
			assertThat(context).doesNotHaveBean(ClusterReader.class);
		});
	}

	@Test
	void runWithManagementUrlShouldReadTheClusterAsTheRabbitUser() {
		this.contextRunner
			.withPropertyValues("management.health.mmate.management-url=http://127.0.0.1:15673",
					"spring.rabbitmq.username=orders", "spring.rabbitmq.password=secret")
			.run((context) -> {
				assertThat(context).hasSingleBean(ClusterReader.class);
				ManagementApiClient api = context.getBean(ManagementApiClient.class);
				assertThat(api.url()).isEqualTo(URI.create("http://127.0.0.1:15673/"));
				assertThat(api.username()).isEqualTo("orders");
				assertThat(api.timeout()).isEqualTo(Duration.ofSeconds(2));
			});
	}

	@Test
	void runWithManagementCredentialsShouldUseThem() {
		this.contextRunner
			.withPropertyValues("management.health.mmate.management-url=https://rabbitmq.example.com/",
					"management.health.mmate.management-username=monitor",
					"management.health.mmate.management-password=secret",
					"management.health.mmate.management-timeout=500ms")
			.run((context) -> {
				ManagementApiClient api = context.getBean(ManagementApiClient.class);
				assertThat(api.url()).isEqualTo(URI.create("https://rabbitmq.example.com/"));
				assertThat(api.username()).isEqualTo("monitor");
				assertThat(api.timeout()).isEqualTo(Duration.ofMillis(500));
			});
	}

	@Test
	void clusterDetailSaysWhyTheApiCouldNotBeRead() {
		this.contextRunner.withPropertyValues("management.health.mmate.management-url=http://127.0.0.1:15673")
			.run((context) -> assertThat(context.getBean(ClusterReader.class).read().error())
				.startsWith("could not read the management API at http://127.0.0.1:15673/"));
	}

	@Test
	void managementUrlThatIsNotHttpFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("management.health.mmate.management-url=rabbitmq.example.com:15672")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("management.health.mmate.management-url"));
	}

	@Test
	void managementUrlWithCredentialsFailsWithoutShowingThem() {
		this.contextRunner
			.withPropertyValues("management.health.mmate.management-url=http://monitor:secret@127.0.0.1:15673")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("management.health.mmate.management-username")
				.hasMessageNotContaining("secret"));
	}

	@Test
	void zeroManagementTimeoutFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("management.health.mmate.management-url=http://127.0.0.1:15673",
					"management.health.mmate.management-timeout=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("management.health.mmate.management-timeout"));
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
