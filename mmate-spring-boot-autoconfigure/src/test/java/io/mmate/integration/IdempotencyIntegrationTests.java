package io.mmate.integration;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.mmate.Command;
import io.mmate.MessageContext;
import io.mmate.MessagePublisher;
import io.mmate.MmateHandler;
import io.mmate.PermanentFailureException;
import io.mmate.PublishOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Idempotent handlers on a real broker: every message published twice with the same id is handled once, with the
 * in-memory store and with the JDBC store shared by two instances; a failed handler does not mark its id.
 */
class IdempotencyIntegrationTests {

	private static final int MESSAGES = 50;

	private final String service = IntegrationTestSupport.uniqueServiceName("idempotency-it");

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	@Test
	void messagesPublishedTwiceAreHandledOnceWithTheInMemoryStore() {
		runner().run((context) -> {
			Handled handled = context.getBean(Handled.class);
			MessagePublisher publisher = context.getBean(MessagePublisher.class);
			for (int i = 0; i < MESSAGES; i++) {
				publishTwice(publisher, i);
			}
			awaitDrained(context, handled, MESSAGES);
			report("in-memory store", handled);
			assertThat(handled.duplicates()).isZero();
		});
	}

	@Test
	void aFailedHandlerDoesNotMarkItsMessage() {
		runner().run((context) -> {
			Handled handled = context.getBean(Handled.class);
			handled.failNext.set(true);
			MessagePublisher publisher = context.getBean(MessagePublisher.class);
			publisher.sendCommand(new Once(1), this.service, PublishOptions.defaults().withMessageId("once-1")).get();
			await().atMost(Duration.ofSeconds(10)).until(() -> handled.failures.get() == 1);
			publisher.sendCommand(new Once(1), this.service, PublishOptions.defaults().withMessageId("once-1")).get();
			await().atMost(Duration.ofSeconds(10)).until(() -> handled.distinct() == 1);
		});
	}

	@Test
	void theJdbcStoreIsSharedByInstances() {
		DataSource dataSource = new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
			.setName("idempotency-" + this.service)
			.build();
		Handled handled = new Handled();
		ApplicationContextRunner jdbc = runner(handled)
			.withBean(JdbcTemplate.class, () -> new JdbcTemplate(dataSource))
			.withPropertyValues("mmate.idempotency.store=jdbc", "mmate.idempotency.enabled=true");
		jdbc.run((first) -> jdbc.run((second) -> {
			for (int i = 0; i < MESSAGES; i++) {
				first.getBean(MessagePublisher.class)
					.sendCommand(new Once(i), this.service, PublishOptions.defaults().withMessageId("jdbc-" + i))
					.get();
			}
			awaitDrained(first, handled, MESSAGES);
			for (int i = 0; i < MESSAGES; i++) {
				second.getBean(MessagePublisher.class)
					.sendCommand(new Once(i), this.service, PublishOptions.defaults().withMessageId("jdbc-" + i))
					.get();
			}
			awaitDrained(first, handled, MESSAGES);
			report("JDBC store, two instances", handled);
			assertThat(handled.duplicates()).isZero();
			assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM mmate_processed_message",
					Integer.class)).isEqualTo(MESSAGES);
		}));
	}

	private void publishTwice(MessagePublisher publisher, int number) throws Exception {
		PublishOptions options = PublishOptions.defaults().withMessageId("memory-" + number);
		publisher.sendCommand(new Once(number), this.service, options).get();
		publisher.sendCommand(new Once(number), this.service, options).get();
	}

	private void awaitDrained(ApplicationContext context, Handled handled, int distinct) {
		RabbitAdmin admin = new RabbitAdmin(context.getBean(RabbitTemplate.class));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> handled.distinct() == distinct
					&& admin.getQueueInfo(this.service + "-queue").getMessageCount() == 0);
		// Every copy has been delivered; let the last ones finish before counting.
		await().atMost(Duration.ofSeconds(5)).until(() -> handled.inFlight.get() == 0);
	}

	private ApplicationContextRunner runner() {
		return runner(new Handled());
	}

	private ApplicationContextRunner runner(Handled handled) {
		return IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.retry.max-attempts=1",
					"mmate.retry.delays=")
			.withBean(Handled.class, () -> handled);
	}

	private static void report(String store, Handled handled) {
		System.out.printf("%s: %d messages published twice: handled %d distinct, %d duplicates%n", store, MESSAGES,
				handled.distinct(), handled.duplicates());
	}

	record Once(int number) implements Command {
	}

	static class Handled {

		final Map<String, AtomicInteger> byId = new ConcurrentHashMap<>();

		final AtomicBoolean failNext = new AtomicBoolean();

		final AtomicInteger failures = new AtomicInteger();

		final AtomicInteger inFlight = new AtomicInteger();

		@MmateHandler(idempotent = true)
		void on(Once message, MessageContext context) {
			this.inFlight.incrementAndGet();
			try {
				if (this.failNext.compareAndSet(true, false)) {
					this.failures.incrementAndGet();
					throw new PermanentFailureException("failing once");
				}
				this.byId.computeIfAbsent(context.messageId(), (id) -> new AtomicInteger()).incrementAndGet();
			}
			finally {
				this.inFlight.decrementAndGet();
			}
		}

		int distinct() {
			return this.byId.size();
		}

		int duplicates() {
			return this.byId.values().stream().mapToInt((count) -> count.get() - 1).sum();
		}

	}

}
