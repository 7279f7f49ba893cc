package io.mmate.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.mmate.health.OutboxHealthIndicator;
import io.mmate.outbox.JdbcOutboxStore;
import io.mmate.outbox.OutboxBacklogMonitor;
import io.mmate.outbox.OutboxMeters;
import io.mmate.outbox.OutboxPublishSink;
import io.mmate.outbox.OutboxRelay;
import io.mmate.outbox.OutboxRelaySettings;
import io.mmate.publish.PublisherChannel;
import io.mmate.publish.PublisherSettings;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Auto-configuration of the transactional outbox on the application's {@code DataSource} (its {@link JdbcTemplate}),
 * when {@code mmate.outbox.enabled=true}: the outbox table, the sink the publisher writes to inside a transaction, the
 * relay that publishes the rows, and their meters and health.
 */
@AutoConfiguration(after = MmateAutoConfiguration.class,
		afterName = { "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
				"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration" })
@ConditionalOnClass(JdbcTemplate.class)
@ConditionalOnBooleanProperty("mmate.outbox.enabled")
@ConditionalOnBean({ JdbcTemplate.class, PublisherChannel.class })
@EnableConfigurationProperties(MmateOutboxProperties.class)
public final class MmateOutboxAutoConfiguration {

	// Meters and health read the table at most this often.
	private static final Duration BACKLOG_TIME_TO_LIVE = Duration.ofSeconds(5);

	private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(1);

	@Bean
	@ConditionalOnMissingBean
	JdbcOutboxStore mmateOutboxStore(JdbcTemplate jdbc, MmateOutboxProperties properties) {
		JdbcOutboxStore store = new JdbcOutboxStore(jdbc);
		if (properties.isInitializeSchema()) {
			store.initializeSchema();
		}
		return store;
	}

	@Bean
	@ConditionalOnMissingBean
	OutboxRelay mmateOutboxRelay(JdbcOutboxStore store, JdbcTemplate jdbc, PublisherChannel channel,
			PublisherSettings publisherSettings, MmateOutboxProperties properties) {
		// The relay's batches are transactions of their own on the outbox's data source, whatever transaction
		// manager the application uses for its own work.
		DataSourceTransactionManager transactions = new DataSourceTransactionManager(jdbc.getDataSource());
		return new OutboxRelay(store, transactions, channel,
				new OutboxRelaySettings(properties.getBatchSize(), properties.getPollInterval(),
						publisherSettings.confirmTimeout(), properties.getRetention(), CLEANUP_INTERVAL),
				Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	OutboxPublishSink mmateOutboxPublishSink(JdbcOutboxStore store, JdbcTemplate jdbc, OutboxRelay relay,
			PublisherChannel channel, MmateOutboxProperties properties) {
		return new OutboxPublishSink(store, jdbc.getDataSource(), properties.getOrderingKeyHeader(),
				Clock.systemUTC(), relay::wake, channel::frameMax);
	}

	@Bean
	@ConditionalOnMissingBean
	OutboxBacklogMonitor mmateOutboxBacklogMonitor(JdbcOutboxStore store) {
		return new OutboxBacklogMonitor(store, BACKLOG_TIME_TO_LIVE, Clock.systemUTC());
	}

	/**
	 * The gauges {@code mmate.outbox.pending} and {@code mmate.outbox.oldest.age}, with Micrometer.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class OutboxMetersConfiguration {

		@Bean
		@ConditionalOnMissingBean
		OutboxMeters mmateOutboxMeters(OutboxBacklogMonitor monitor) {
			return new OutboxMeters(monitor);
		}

	}

	/**
	 * The {@code mmateOutbox} health indicator, with Spring Boot's health support.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ AbstractHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
	@ConditionalOnEnabledHealthIndicator("mmate")
	static class OutboxHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "mmateOutboxHealthIndicator")
		OutboxHealthIndicator mmateOutboxHealthIndicator(OutboxBacklogMonitor monitor,
				MmateOutboxProperties properties) {
			return new OutboxHealthIndicator(monitor, properties.getDegradedThreshold());
		}

	}

}
