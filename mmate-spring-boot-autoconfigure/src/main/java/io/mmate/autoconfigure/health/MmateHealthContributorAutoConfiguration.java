package io.mmate.autoconfigure.health;

import java.time.Duration;

import io.mmate.autoconfigure.MmateAutoConfiguration;
import io.mmate.delay.DelayMechanismSelector;
import io.mmate.health.HealthSettings;
import io.mmate.health.MmateHealthIndicator;
import io.mmate.listener.ListenerContainerLifecycle;
import io.mmate.retry.CircuitBreaker;
import io.mmate.topology.QueueStatsReader;
import io.mmate.topology.ServiceTopologyProvider;
import io.mmate.topology.TopologyDeclarer;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link MmateHealthIndicator}, contributed as {@code mmate}: present when Spring Boot's
 * health support is on the class path, Mmate is configured, and {@code management.health.mmate.enabled} is not
 * {@code false}.
 */
@AutoConfiguration(after = MmateAutoConfiguration.class)
@ConditionalOnClass({ AbstractHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnSingleCandidate(ConnectionFactory.class)
@ConditionalOnBean({ ServiceTopologyProvider.class, DelayMechanismSelector.class })
@ConditionalOnEnabledHealthIndicator("mmate")
@EnableConfigurationProperties(MmateHealthIndicatorProperties.class)
public final class MmateHealthContributorAutoConfiguration {

	private static final String PREFIX = "management.health.mmate.";

	@Bean
	@ConditionalOnMissingBean
	QueueStatsReader mmateQueueStatsReader(ConnectionFactory connectionFactory,
			MmateHealthIndicatorProperties properties) {
		Duration timeToLive = properties.getCacheTimeToLive();
		require(timeToLive != null && !timeToLive.isNegative(), PREFIX + "cache-time-to-live", timeToLive);
		return new QueueStatsReader(connectionFactory, timeToLive);
	}

	@Bean
	@ConditionalOnMissingBean(name = { "mmateHealthIndicator", "mmateHealthContributor" })
	MmateHealthIndicator mmateHealthIndicator(ConnectionFactory connectionFactory, QueueStatsReader stats,
			DelayMechanismSelector delays, ServiceTopologyProvider topology, MmateHealthIndicatorProperties properties,
			ObjectProvider<ListenerContainerLifecycle> listener, ObjectProvider<CircuitBreaker> breaker,
			ObjectProvider<TopologyDeclarer> declarer) {
		return new MmateHealthIndicator(connectionFactory, stats, delays, topology, settings(properties),
				listener.getIfUnique(), breaker.getIfUnique(), declarer.getIfUnique());
	}

	private static HealthSettings settings(MmateHealthIndicatorProperties properties) {
		Long deadLetters = properties.getDeadLetterThreshold();
		require(deadLetters == null || deadLetters >= 0, PREFIX + "dead-letter-threshold", deadLetters);
		Long backlog = properties.getBacklogThreshold();
		require(backlog == null || backlog >= 0, PREFIX + "backlog-threshold", backlog);
		return new HealthSettings(deadLetters, backlog);
	}

	private static void require(boolean valid, String key, Object value) {
		if (!valid) {
			throw new InvalidConfigurationPropertyValueException(key, value, "It must not be negative.");
		}
	}

}
