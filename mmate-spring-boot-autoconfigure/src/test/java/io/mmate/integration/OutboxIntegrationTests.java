package io.mmate.integration;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mmate.Event;
import io.mmate.MessagePublisher;
import io.mmate.PublishException;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import io.mmate.autoconfigure.MmateOutboxAutoConfiguration;
import io.mmate.health.MmateHealthIndicator;
import io.mmate.health.OutboxHealthIndicator;
import io.mmate.outbox.JdbcOutboxStore;
import io.mmate.outbox.OutboxMeters;
import io.mmate.outbox.OutboxRelay;
import io.mmate.testsupport.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configured outbox on H2 and a real broker: a publish inside a transaction is written to the outbox, its
 * future completes on the commit, and the relay delivers it; a rolled-back publish is neither stored nor delivered.
 */
class OutboxIntegrationTests {

	private final String run = "ob" + UUID.randomUUID().toString().substring(0, 8);

	private final String queue = "outbox-it-" + this.run;

	@AfterEach
	void deleteQueue() {
		IntegrationTestSupport.deleteQueues(this.queue);
	}

	@Test
	void aPublishInATransactionIsWrittenToTheOutboxAndDeliveredAfterTheCommit() {
		runner().run((context) -> {
			bindQueue();
			TransactionTemplate transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			MessagePublisher publisher = context.getBean(MessagePublisher.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			CompletableFuture<PublishReceipt> receipt = transactions.execute((status) -> {
				CompletableFuture<PublishReceipt> future = publisher.publishEvent(new OutboxTested(this.run, 1));
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mmate_outbox", Integer.class)).isOne();
				assertThat(future).isNotDone();
				return future;
			});
			assertThat(receipt.get(10, TimeUnit.SECONDS).exchange()).isEqualTo("mmate.events");
			Message delivered = rabbit().receive(this.queue, 10_000);
			assertThat(delivered).isNotNull();
			assertThat(delivered.getMessageProperties().getMessageId()).isEqualTo(receipt.join().messageId());
			await().atMost(Duration.ofSeconds(10))
				.until(() -> context.getBean(JdbcOutboxStore.class).backlog().pending() == 0);
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mmate_outbox WHERE sent_at IS NOT NULL",
					Integer.class)).isOne();
		});
	}

	@Test
	void aRolledBackPublishIsNeitherStoredNorDelivered() {
		runner().run((context) -> {
			bindQueue();
			TransactionTemplate transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			MessagePublisher publisher = context.getBean(MessagePublisher.class);
			CompletableFuture<PublishReceipt> receipt = transactions.execute((status) -> {
				status.setRollbackOnly();
				return publisher.publishEvent(new OutboxTested(this.run, 1));
			});
			assertThatExceptionOfType(Exception.class).isThrownBy(() -> receipt.get(10, TimeUnit.SECONDS))
				.withCauseInstanceOf(PublishException.class);
			assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM mmate_outbox",
					Integer.class)).isZero();
			// Outside a transaction the publisher publishes at once, as without the outbox.
			publisher.publishEvent(new OutboxTested(this.run, 2)).get(10, TimeUnit.SECONDS);
			Message delivered = rabbit().receive(this.queue, 10_000);
			assertThat(delivered).isNotNull();
			assertThat(new String(delivered.getBody())).contains("\"n\":2");
			assertThat(rabbit().receive(this.queue, 500)).isNull();
		});
	}

	@Test
	void aMessageTheClientWouldRefuseIsRefusedBeforeItReachesTheOutbox() {
		runner().run((context) -> {
			TransactionTemplate transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			MessagePublisher publisher = context.getBean(MessagePublisher.class);
			CompletableFuture<PublishReceipt> receipt = transactions.execute((status) -> publisher.publishEvent(
					new OutboxTested(this.run, 1), PublishOptions.defaults().withCorrelationId("c".repeat(300))));
			assertThat(receipt).isCompletedExceptionally();
			assertThatExceptionOfType(Exception.class).isThrownBy(receipt::join)
				.withCauseInstanceOf(PublishException.class)
				.withMessageContaining("correlation-id property");
			assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM mmate_outbox",
					Integer.class)).isZero();
		});
	}

	@Test
	void metersAndHealthShowTheBacklog() {
		runner().withPropertyValues("mmate.outbox.degraded-threshold=2").run((context) -> {
			context.getBean(OutboxRelay.class).stop();
			JdbcOutboxStore store = context.getBean(JdbcOutboxStore.class);
			TransactionTemplate transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			MessagePublisher publisher = context.getBean(MessagePublisher.class);
			for (int i = 0; i < 3; i++) {
				int n = i;
				transactions.executeWithoutResult((status) -> publisher.publishEvent(new OutboxTested(this.run, n)));
			}
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(OutboxMeters.class).bindTo(registry);
			assertThat(registry.get("mmate.outbox.pending").gauge().value()).isEqualTo(3.0);
			assertThat(registry.get("mmate.outbox.oldest.age").gauge().value()).isGreaterThanOrEqualTo(0.0);
			assertThat(context.getBean(OutboxHealthIndicator.class).health(true).getStatus())
				.isEqualTo(MmateHealthIndicator.DEGRADED);
			context.getBean(OutboxRelay.class).relayPending();
			assertThat(store.backlog().pending()).isZero();
		});
	}

	@Test
	void withoutTheOutboxPropertyThereIsNoOutbox() {
		runner().withPropertyValues("mmate.outbox.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(OutboxRelay.class)
				.doesNotHaveBean(JdbcOutboxStore.class));
	}

	private ApplicationContextRunner runner() {
		DataSource dataSource = new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
			.setName("outbox-it-" + UUID.randomUUID())
			.build();
		return IntegrationTestSupport.runner()
			.withConfiguration(AutoConfigurations.of(JdbcTemplateAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, MmateOutboxAutoConfiguration.class))
			.withBean(DataSource.class, () -> dataSource)
			.withPropertyValues("mmate.outbox.enabled=true", "mmate.outbox.initialize-schema=true",
					"mmate.outbox.poll-interval=200ms");
	}

	private void bindQueue() {
		CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();
		try {
			RabbitAdmin admin = new RabbitAdmin(connectionFactory);
			TopicExchange events = new TopicExchange("mmate.events", true, false);
			admin.declareExchange(events);
			Queue queue = new Queue(this.queue, false, false, false);
			admin.declareQueue(queue);
			admin.declareBinding(BindingBuilder.bind(queue).to(events).with("evt." + this.run + ".#"));
		}
		finally {
			connectionFactory.destroy();
		}
	}

	private RabbitTemplate rabbit() {
		return new RabbitTemplate(TestBroker.connectionFactory());
	}

	record OutboxTested(String aggregateId, int n) implements Event {

	}

}
