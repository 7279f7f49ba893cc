package io.mmate.autoconfigure;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.MmateHandler;
import io.mmate.testsupport.UnreachableConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StartupSummary}, without a broker.
 */
class StartupSummaryTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
				MmateAutoConfiguration.class))
		.withBean(ConnectionFactory.class, UnreachableConnectionFactory::new)
		.withPropertyValues(UnreachableConnectionFactory.springProperties())
		.withPropertyValues("mmate.listener.auto-startup=false", "mmate.service-name=summary-test",
				"mmate.listener.concurrency=3", "mmate.partitions.count=4");

	@Test
	void oneLineNamesTheQueueHandlersPartitionsAndDelay() {
		this.contextRunner.withUserConfiguration(Handlers.class)
			.run((context) -> assertThat(context.getBean(StartupSummary.class).summary())
				.isEqualTo("Mmate service 'summary-test' consumes 'summary-test-queue' (classic, 3 consumers, "
						+ "prefetch 250) for 3 handlers: Audited, Ship, Shipped; 1 partitioned on 4 partition queues; "
						+ "1 on a broadcast queue of this instance; delayed delivery: chosen once the broker answers"));
	}

	@Test
	void aServiceWithoutHandlersSaysItPublishesOnly() {
		this.contextRunner.run((context) -> assertThat(context.getBean(StartupSummary.class).summary())
			.startsWith("Mmate service 'summary-test' publishes only"));
	}

	record Ship(String id) implements Command {
	}

	record Shipped(String id) implements Event {
	}

	record Audited(String id) implements Event {
	}

	static class Handlers {

		@MmateHandler
		void on(Ship ship) {
		}

		@MmateHandler(partitioned = true)
		void on(Shipped shipped) {
		}

		@MmateHandler(broadcast = true)
		void on(Audited audited) {
		}

	}

}
