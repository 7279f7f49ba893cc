package io.mmate.autoconfigure.health;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;

import io.mmate.autoconfigure.MmateAutoConfiguration;
import io.mmate.delay.DelayMechanism;
import io.mmate.delay.DelayMechanismSelector;
import io.mmate.health.ClusterReader;
import io.mmate.health.Consumers;
import io.mmate.health.HealthSettings;
import io.mmate.health.ManagementApiClient;
import io.mmate.health.MmateHealthIndicator;
import io.mmate.listener.ListenerContainerLifecycle;
import io.mmate.retry.CircuitBreaker;
import io.mmate.schedule.RecurringSchedules;
import io.mmate.schedule.SchedulingTopology;
import io.mmate.topology.QueueStatsReader;
import io.mmate.topology.ServiceTopologyProvider;
import io.mmate.topology.TopologyDeclarer;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.amqp.autoconfigure.RabbitProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link MmateHealthIndicator}, contributed as {@code mmate}: present when Spring Boot's
 * health support is on the class path, Mmate is configured, and {@code management.health.mmate.enabled} is not
 * {@code false}. With {@code management.health.mmate.management-url}, a {@link ClusterReader} adds the cluster.
 */
@AutoConfiguration(after = MmateAutoConfiguration.class)
@ConditionalOnClass({ AbstractHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnSingleCandidate(ConnectionFactory.class)
@ConditionalOnBean({ ServiceTopologyProvider.class, DelayMechanismSelector.class })
@ConditionalOnEnabledHealthIndicator("mmate")
@EnableConfigurationProperties(MmateHealthIndicatorProperties.class)
public final class MmateHealthContributorAutoConfiguration {

	private static final String PREFIX = "management.health.mmate.";

	private static final String NOT_NEGATIVE = "It must not be negative.";

	@Bean
	@ConditionalOnMissingBean
	QueueStatsReader mmateQueueStatsReader(ConnectionFactory connectionFactory,
			MmateHealthIndicatorProperties properties) {
		Duration timeToLive = properties.getCacheTimeToLive();
		require(timeToLive != null && !timeToLive.isNegative(), PREFIX + "cache-time-to-live", timeToLive,
				NOT_NEGATIVE);
		return new QueueStatsReader(connectionFactory, timeToLive);
	}

	@Bean
	@ConditionalOnMissingBean(name = { "mmateHealthIndicator", "mmateHealthContributor" })
	MmateHealthIndicator mmateHealthIndicator(ConnectionFactory connectionFactory, QueueStatsReader stats,
			DelayMechanismSelector delays, ServiceTopologyProvider topology, MmateHealthIndicatorProperties properties,
			ObjectProvider<ListenerContainerLifecycle> listener, ObjectProvider<CircuitBreaker> breaker,
			@Qualifier("mmatePartitionContainer") ObjectProvider<ListenerContainerLifecycle> partitions,
			ObjectProvider<TopologyDeclarer> declarer, ObjectProvider<ClusterReader> cluster) {
		Consumers consumers = new Consumers(listener.getIfUnique(), breaker.getIfUnique(), partitions.getIfAvailable());
		return new MmateHealthIndicator(connectionFactory, stats, delays, topology, settings(properties), consumers,
				declarer.getIfUnique(), cluster.getIfUnique());
	}

	@Bean
	@ConditionalOnProperty(PREFIX + "management-url")
	@ConditionalOnMissingBean
	ManagementApiClient mmateManagementApiClient(MmateHealthIndicatorProperties properties,
			ObjectProvider<RabbitProperties> rabbit) {
		URI url = properties.getManagementUrl();
		require(url != null && ("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
				&& url.getHost() != null, PREFIX + "management-url", url, "It must be an http or https URL.");
		// The URL shows in health details when the API cannot be read: it must not carry a password.
		require(url.getRawUserInfo() == null, PREFIX + "management-url",
				(url.getRawUserInfo() != null) ? url.toString().replace(url.getRawUserInfo(), "***") : url,
				"It must not contain credentials: set " + PREFIX + "management-username and " + PREFIX
						+ "management-password.");
		Duration timeout = properties.getManagementTimeout();
		require(timeout != null && !timeout.isNegative() && !timeout.isZero(), PREFIX + "management-timeout", timeout,
				"It must be positive.");
		RabbitProperties defaults = rabbit.getIfAvailable(RabbitProperties::new);
		String username = (properties.getManagementUsername() != null) ? properties.getManagementUsername()
				: defaults.determineUsername();
		String password = (properties.getManagementPassword() != null) ? properties.getManagementPassword()
				: defaults.determinePassword();
		return new ManagementApiClient(url, username, password, timeout);
	}

	@Bean
	@ConditionalOnBean(ManagementApiClient.class)
	@ConditionalOnMissingBean
	ClusterReader mmateClusterReader(ConnectionFactory connectionFactory, ManagementApiClient api,
			ServiceTopologyProvider topology, DelayMechanismSelector delays,
			ObjectProvider<RecurringSchedules> schedules, MmateHealthIndicatorProperties properties) {
		return new ClusterReader(connectionFactory, api, quorumQueues(topology, delays, schedules),
				properties.getCacheTimeToLive());
	}

	/**
	 * Every quorum queue the starter declares for the service: its own, the delay machinery's and, with scheduling,
	 * the relay and schedule queues. Asked for on each read of the cluster, once every handler and schedule is known.
	 */
	private static Supplier<Collection<String>> quorumQueues(ServiceTopologyProvider topology,
			DelayMechanismSelector delays, ObjectProvider<RecurringSchedules> schedules) {
		return () -> {
			DelayMechanism mechanism = delays.mechanism();
			Set<String> queues = new LinkedHashSet<>(ClusterReader.quorumQueues(topology.get().declarables(mechanism)));
			RecurringSchedules recurring = schedules.getIfUnique();
			if (recurring != null) {
				queues.addAll(ClusterReader.quorumQueues(SchedulingTopology.create(mechanism, recurring.all())));
			}
			return queues;
		};
	}

	private static HealthSettings settings(MmateHealthIndicatorProperties properties) {
		Long deadLetters = properties.getDeadLetterThreshold();
		require(deadLetters == null || deadLetters >= 0, PREFIX + "dead-letter-threshold", deadLetters, NOT_NEGATIVE);
		Long backlog = properties.getBacklogThreshold();
		require(backlog == null || backlog >= 0, PREFIX + "backlog-threshold", backlog, NOT_NEGATIVE);
		return new HealthSettings(deadLetters, backlog);
	}

	private static void require(boolean valid, String key, Object value, String requirement) {
		if (!valid) {
			throw new InvalidConfigurationPropertyValueException(key, value, requirement);
		}
	}

}
