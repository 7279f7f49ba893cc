package io.mmate.autoconfigure;

import java.util.UUID;

import javax.sql.DataSource;

import io.mmate.health.OutboxHealthIndicator;
import io.mmate.idempotency.IdempotencyInterceptor;
import io.mmate.outbox.JdbcOutboxStore;
import io.mmate.outbox.OutboxMeters;
import io.mmate.outbox.OutboxPublishSink;
import io.mmate.outbox.OutboxRelay;
import io.mmate.testsupport.UnreachableConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MmateOutboxAutoConfiguration} and the inbox setting, on H2 and without a broker.
 */
class MmateOutboxAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
				MmateAutoConfiguration.class, MmateOutboxAutoConfiguration.class))
		.withBean(ConnectionFactory.class, UnreachableConnectionFactory::new)
		.withPropertyValues(UnreachableConnectionFactory.springProperties())
		.withPropertyValues("mmate.listener.auto-startup=false");

	@Test
	void theOutboxNeedsItsProperty() {
		this.contextRunner.withBean(DataSource.class, MmateOutboxAutoConfigurationTests::h2)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(JdbcOutboxStore.class)
				.doesNotHaveBean(OutboxRelay.class)
				.doesNotHaveBean(OutboxPublishSink.class));
	}

	@Test
	void theOutboxNeedsADataSource() {
		this.contextRunner.withPropertyValues("mmate.outbox.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(JdbcOutboxStore.class));
	}

	@Test
	void withItsPropertyAndADataSourceTheOutboxIsConfiguredAndItsTableCreated() {
		this.contextRunner.withBean(DataSource.class, MmateOutboxAutoConfigurationTests::h2)
			.withPropertyValues("mmate.outbox.enabled=true", "mmate.outbox.initialize-schema=true")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(JdbcOutboxStore.class)
					.hasSingleBean(OutboxRelay.class)
					.hasSingleBean(OutboxPublishSink.class)
					.hasSingleBean(OutboxMeters.class)
					.hasSingleBean(OutboxHealthIndicator.class);
				assertThat(context.getBean(OutboxRelay.class).isRunning()).isTrue();
				assertThat(context.getBean(JdbcTemplate.class)
					.queryForObject("SELECT COUNT(*) FROM mmate_outbox", Integer.class)).isZero();
			});
	}

	@Test
	void theInboxNeedsTheJdbcStore() {
		this.contextRunner.withBean(DataSource.class, MmateOutboxAutoConfigurationTests::h2)
			.withPropertyValues("mmate.service-name=outbox-autoconfig-test", "mmate.idempotency.transactional=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("mmate.idempotency.transactional"));
	}

	@Test
	void theInboxRunsOnTheJdbcStoreAndTheTransactionManager() {
		this.contextRunner.withBean(DataSource.class, MmateOutboxAutoConfigurationTests::h2)
			.withPropertyValues("mmate.service-name=outbox-autoconfig-test", "mmate.idempotency.store=jdbc",
					"mmate.idempotency.transactional=true")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(IdempotencyInterceptor.class));
	}

	private static DataSource h2() {
		return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
			.setName("outbox-autoconfig-" + UUID.randomUUID())
			.build();
	}

}
