package io.mmate.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.MessagePublisher;
import io.mmate.MessageRequester;
import io.mmate.MessageScheduler;
import io.mmate.MessageTransactions;
import io.mmate.MmateHandler;
import io.mmate.MmateScheduled;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import io.mmate.Query;
import io.mmate.Reply;
import io.mmate.publish.RabbitMessagePublisher;
import io.mmate.stageflow.StageFlowEngine;
import io.mmate.stageflow.Workflow;
import io.mmate.stageflow.WorkflowRunner;
import io.mmate.testsupport.UnreachableConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link MmateDisabledAutoConfiguration}, without a broker: an application like the sample, whose beans
 * inject the publisher, requester, scheduler, transactions and workflow runner, starts with
 * {@code mmate.enabled=false}, and each of those fails on use with a message naming the property.
 */
class MmateDisabledAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
				MmateAutoConfiguration.class, MmateSchedulingAutoConfiguration.class,
				MmateContractsAutoConfiguration.class, MmateStageFlowAutoConfiguration.class,
				MmateDisabledAutoConfiguration.class))
		.withBean(ConnectionFactory.class, UnreachableConnectionFactory::new)
		.withPropertyValues(UnreachableConnectionFactory.springProperties());

	private final ApplicationContextRunner disabled = this.contextRunner
		.withPropertyValues("mmate.enabled=false", "mmate.service-name=disabled-test")
		.withUserConfiguration(SampleLikeConfiguration.class);

	@Test
	void anApplicationThatInjectsTheMessagingBeansStartsWhenMmateIsDisabled() {
		this.disabled.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(MessagePublisher.class)
				.hasSingleBean(MessageRequester.class)
				.hasSingleBean(MessageScheduler.class)
				.hasSingleBean(MessageTransactions.class);
			assertThat(context).doesNotHaveBean(RabbitMessagePublisher.class);
		});
	}

	@Test
	void thePublisherFailsOnUseNamingTheProperty() {
		this.disabled.run((context) -> {
			MessagePublisher publisher = context.getBean(Orders.class).publisher;
			assertThatIllegalStateException().isThrownBy(() -> publisher.publishEvent(new Placed("o-1")))
				.withMessageContaining("mmate.enabled=false")
				.withMessageContaining("MessagePublisher cannot publish event Placed");
			assertThatIllegalStateException()
				.isThrownBy(() -> publisher.sendCommand(new Place("o-1"), "billing-service"))
				.withMessageContaining("mmate.enabled=false")
				.withMessageContaining("send command Place to billing-service");
			assertThatIllegalStateException()
				.isThrownBy(() -> publisher.sendQuery(new Find("o-1"), PublishOptions.defaults()))
				.withMessageContaining("mmate.enabled=false");
			assertThatIllegalStateException().isThrownBy(() -> publisher.sendReply(new Found(), "q", "c"))
				.withMessageContaining("mmate.enabled=false");
		});
	}

	@Test
	void theRequesterFailsOnUseNamingTheProperty() {
		this.disabled.run((context) -> {
			MessageRequester requester = context.getBean(Orders.class).requester;
			assertThatIllegalStateException()
				.isThrownBy(() -> requester.requestAndWait(new Find("o-1"), Found.class, Duration.ofSeconds(1)))
				.withMessageContaining("mmate.enabled=false")
				.withMessageContaining("MessageRequester cannot send request Find");
			assertThatIllegalStateException()
				.isThrownBy(() -> requester.request(new Place("o-1"), "billing-service", Found.class,
						Duration.ofSeconds(1)))
				.withMessageContaining("mmate.enabled=false");
		});
	}

	@Test
	void theSchedulerAndTransactionsFailOnUseNamingTheProperty() {
		this.disabled.run((context) -> {
			Orders orders = context.getBean(Orders.class);
			assertThatIllegalStateException()
				.isThrownBy(() -> orders.scheduler.sendCommandWithDelay(new Place("o-1"), "billing-service",
						Duration.ofMinutes(1)))
				.withMessageContaining("mmate.enabled=false")
				.withMessageContaining("MessageScheduler cannot schedule command Place");
			assertThatIllegalStateException()
				.isThrownBy(() -> orders.scheduler.scheduleEvent(new Placed("o-1"), Instant.now()))
				.withMessageContaining("mmate.enabled=false");
			assertThatIllegalStateException()
				.isThrownBy(() -> orders.transactions.publishAtomically((publisher) -> {
				}))
				.withMessageContaining("mmate.enabled=false")
				.withMessageContaining("MessageTransactions");
		});
	}

	@Test
	void anApplicationWithAWorkflowThatInjectsTheRunnerStartsWhenMmateIsDisabled() {
		this.disabled.withUserConfiguration(WorkflowConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(WorkflowRunner.class).doesNotHaveBean(StageFlowEngine.class);
			assertThat(context.getBean(WorkflowRunner.class))
				.hasToString("WorkflowRunner (disabled: mmate.enabled=false)");
		});
	}

	@Test
	void theWorkflowRunnerFailsOnUseNamingTheProperty() {
		this.disabled.withUserConfiguration(WorkflowConfiguration.class).run((context) -> {
			Fulfilment fulfilment = context.getBean(Fulfilment.class);
			assertThatIllegalStateException()
				.isThrownBy(() -> fulfilment.runner.run(fulfilment.workflow, "o-1", Duration.ofSeconds(1)))
				.withMessageContaining("mmate.enabled=false")
				.withMessageContaining("WorkflowRunner cannot run workflow order-fulfilment");
			assertThatIllegalStateException().isThrownBy(() -> fulfilment.runner.start(fulfilment.workflow, "o-1"))
				.withMessageContaining("mmate.enabled=false")
				.withMessageContaining("WorkflowRunner cannot start workflow order-fulfilment");
		});
	}

	@Test
	void theDisabledWorkflowRunnerOverridesEveryPublicMethodOfTheRunner() {
		// The stand-in has no engine: a public method it inherits would fail with a NullPointerException.
		List<String> inherited = Arrays.stream(WorkflowRunner.class.getDeclaredMethods())
			.filter((method) -> Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers()))
			.filter((method) -> !declares(DisabledMessaging.Runner.class, method))
			.map(Method::toGenericString)
			.toList();
		assertThat(inherited).isEmpty();
	}

	@Test
	void beansOfTheApplicationOrATestHarnessWin() {
		this.disabled.withUserConfiguration(HarnessConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(MessagePublisher.class);
				assertThat(context.getBean(MessagePublisher.class)).isSameAs(context.getBean("harnessPublisher"));
				// The others it does not replace are still the disabled ones.
				assertThat(context.getBean(MessageRequester.class)).hasToString(
						"MessageRequester (disabled: mmate.enabled=false)");
			});
	}

	@Test
	void aHealthGroupThatNamesMmateStaysValidAndTheComponentIsUnknown() {
		this.disabled
			.withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class,
					HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoint.health.group.readiness.include=mmate")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				HealthIndicator mmate = (HealthIndicator) context.getBean(HealthContributorRegistry.class)
					.getContributor("mmate");
				assertThat(mmate.health().getStatus()).isEqualTo(Status.UNKNOWN);
				assertThat(mmate.health().getDetails()).containsEntry("disabled", "mmate.enabled=false");
			});
	}

	@Test
	void isRegisteredAsAnAutoConfiguration() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
			.contains(MmateDisabledAutoConfiguration.class.getName());
	}

	@Test
	void contributesNothingWhenMmateIsEnabled() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(MessagePublisher.class);
			assertThat(context.getBean(MessagePublisher.class)).isInstanceOf(RabbitMessagePublisher.class);
			assertThat(context.getBean(MessageRequester.class).toString()).doesNotContain("disabled");
			assertThat(context).doesNotHaveBean(WorkflowRunner.class);
		});
	}

	private static boolean declares(Class<?> type, Method method) {
		try {
			type.getDeclaredMethod(method.getName(), method.getParameterTypes());
			return true;
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

	record Place(String orderId) implements Command {
	}

	record Placed(String orderId) implements Event {

		@Override
		public String aggregateId() {
			return this.orderId;
		}

	}

	record Find(String orderId) implements Query {
	}

	record Found() implements Reply {
	}

	/**
	 * The shape of the sample: a handler that publishes, a controller that requests, a scheduler of reminders, and a
	 * schedule.
	 */
	@Configuration(proxyBeanMethods = false)
	static class SampleLikeConfiguration {

		@Bean
		Orders orders(MessagePublisher publisher, MessageRequester requester, MessageScheduler scheduler,
				MessageTransactions transactions) {
			return new Orders(publisher, requester, scheduler, transactions);
		}

	}

	static class Orders {

		final MessagePublisher publisher;

		final MessageRequester requester;

		final MessageScheduler scheduler;

		final MessageTransactions transactions;

		Orders(MessagePublisher publisher, MessageRequester requester, MessageScheduler scheduler,
				MessageTransactions transactions) {
			this.publisher = publisher;
			this.requester = requester;
			this.scheduler = scheduler;
			this.transactions = transactions;
		}

		@MmateHandler
		void place(Place command) {
			this.publisher.publishEvent(new Placed(command.orderId()));
		}

		@MmateScheduled(cron = "@daily", name = "nightly")
		Placed nightly() {
			return new Placed("nightly");
		}

	}

	/**
	 * An application with a workflow, started from a bean that injects the runner.
	 */
	@Configuration(proxyBeanMethods = false)
	static class WorkflowConfiguration {

		@Bean
		Workflow<String> orderFulfilment() {
			return Workflow.define("order-fulfilment", String.class)
				.stage("reserve", (state, context) -> state)
				.build();
		}

		@Bean
		Fulfilment fulfilment(WorkflowRunner runner, Workflow<String> orderFulfilment) {
			return new Fulfilment(runner, orderFulfilment);
		}

	}

	record Fulfilment(WorkflowRunner runner, Workflow<String> workflow) {
	}

	@Configuration(proxyBeanMethods = false)
	static class HarnessConfiguration {

		@Bean
		MessagePublisher harnessPublisher() {
			return new MessagePublisher() {

				@Override
				public CompletableFuture<PublishReceipt> publishEvent(Event event, PublishOptions options) {
					return new CompletableFuture<>();
				}

				@Override
				public CompletableFuture<PublishReceipt> sendCommand(Command command, String targetService,
						PublishOptions options) {
					return new CompletableFuture<>();
				}

				@Override
				public CompletableFuture<PublishReceipt> sendQuery(Query query, PublishOptions options) {
					return new CompletableFuture<>();
				}

				@Override
				public CompletableFuture<PublishReceipt> sendReply(Reply reply, String replyTo,
						PublishOptions options) {
					return new CompletableFuture<>();
				}

			};
		}

	}

}
