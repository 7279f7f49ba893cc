package io.mmate.autoconfigure;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.MessageScheduler;
import io.mmate.MmateScheduled;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import io.mmate.Query;
import io.mmate.schedule.RabbitMessageScheduler;
import io.mmate.schedule.SchedulingLifecycle;
import io.mmate.testsupport.UnreachableConnectionFactory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MmateSchedulingAutoConfiguration}, without a broker: the connection factory fails every connection.
 */
class MmateSchedulingAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
				MmateAutoConfiguration.class, MmateSchedulingAutoConfiguration.class))
		.withBean(ConnectionFactory.class, UnreachableConnectionFactory::new)
		.withPropertyValues(UnreachableConnectionFactory.springProperties());

	@Test
	void providesTheSchedulerAndTheRelay() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(MessageScheduler.class);
			assertThat(context.getBean(MessageScheduler.class)).isInstanceOf(RabbitMessageScheduler.class);
			assertThat(context.getBean(SchedulingLifecycle.class).getQueues()).containsExactly("mmate.delay.scheduled");
		});
	}

	@Test
	void scheduledMethodGetsItsOwnQueue() {
		this.contextRunner.withPropertyValues("mmate.service-name=schedule-autoconfig-test")
			.withUserConfiguration(ScheduledConfiguration.class)
			.run((context) -> assertThat(context.getBean(SchedulingLifecycle.class).getQueues())
				.containsExactly("mmate.delay.scheduled", "mmate.schedule.schedule-autoconfig-test.nightly"));
	}

	@Test
	void scheduledMethodWithoutServiceNameFailsAtStartUp() {
		this.contextRunner.withUserConfiguration(ScheduledConfiguration.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("@MmateScheduled method")
				.hasMessageContaining("mmate.service-name"));
	}

	@Test
	void disabledByProperty() {
		this.contextRunner.withPropertyValues("mmate.scheduling.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(MessageScheduler.class);
			assertThat(context).doesNotHaveBean(SchedulingLifecycle.class);
		});
	}

	@Test
	void backsOffWithoutMmate() {
		this.contextRunner.withPropertyValues("mmate.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MessageScheduler.class));
	}

	@Test
	void backsOffWithoutJackson() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(MessageScheduler.class);
			});
	}

	@Test
	void backsOffFromAUserScheduler() {
		this.contextRunner.withUserConfiguration(UserSchedulerConfiguration.class)
			.run((context) -> assertThat(context).getBean(MessageScheduler.class)
				.isSameAs(context.getBean("userScheduler")));
	}

	@Test
	void invalidCheckIntervalFailsWithTheFullKey() {
		this.contextRunner.withPropertyValues("mmate.scheduling.check-interval=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("mmate.scheduling.check-interval"));
	}

	record Nightly() implements Event {
	}

	@Configuration(proxyBeanMethods = false)
	static class ScheduledConfiguration {

		@Bean
		Jobs jobs() {
			return new Jobs();
		}

	}

	static class Jobs {

		@MmateScheduled(cron = "@daily", name = "nightly")
		Nightly nightly() {
			return new Nightly();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSchedulerConfiguration {

		@Bean
		MessageScheduler userScheduler() {
			return new MessageScheduler() {

				@Override
				public CompletableFuture<PublishReceipt> scheduleEvent(Event event, Instant at,
						PublishOptions options) {
					return new CompletableFuture<>();
				}

				@Override
				public CompletableFuture<PublishReceipt> scheduleCommand(Command command, String targetService,
						Instant at, PublishOptions options) {
					return new CompletableFuture<>();
				}

				@Override
				public CompletableFuture<PublishReceipt> scheduleQuery(Query query, Instant at,
						PublishOptions options) {
					return new CompletableFuture<>();
				}

			};
		}

	}

}
