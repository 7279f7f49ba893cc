package io.mmate.autoconfigure;

import java.util.concurrent.CompletableFuture;

import javax.net.ssl.SSLSocketFactory;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.MessageValidationException;
import io.mmate.MessagePublisher;
import io.mmate.MessageType;
import io.mmate.MmateHandler;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import io.mmate.Query;
import io.mmate.Reply;
import io.mmate.bridge.BridgeRequester;
import io.mmate.dispatch.BeanValidationPayloadValidator;
import io.mmate.dispatch.Dispatcher;
import io.mmate.dispatch.HandlerRegistry;
import io.mmate.dispatch.PayloadValidator;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.failure.FailurePublisher;
import io.mmate.listener.ListenerContainerLifecycle;
import io.mmate.publish.PublisherSettings;
import io.mmate.publish.RabbitMessagePublisher;
import io.mmate.retry.FailureClassifier;
import io.mmate.retry.InProcessRetryInterceptor;
import io.mmate.retry.RetryPolicies;
import io.mmate.retry.RetryPolicySettings;
import io.mmate.testsupport.UnreachableConnectionFactory;
import io.mmate.topology.BindingSpec;
import io.mmate.topology.ServiceTopology;
import io.mmate.topology.ServiceTopologyProvider;
import io.mmate.topology.TopologyDeclarer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.amqp.autoconfigure.ConnectionFactoryCustomizer;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MmateAutoConfiguration}, without a broker: the connection factory fails every connection.
 */
class MmateAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
				MmateAutoConfiguration.class))
		.withBean(ConnectionFactory.class, UnreachableConnectionFactory::new)
		.withPropertyValues(UnreachableConnectionFactory.springProperties())
		.withPropertyValues("mmate.listener.auto-startup=false");

	@Test
	void startsWhileTheBrokerIsUnreachable() {
		this.contextRunner.withPropertyValues("mmate.service-name=autoconfig-test")
			.withUserConfiguration(CommandHandler.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(TopologyDeclarer.class).isRunning()).isTrue();
			});
	}

	@Test
	void topologyDeclarationCanBeSwitchedOff() {
		this.contextRunner.withPropertyValues("mmate.service-name=autoconfig-test", "mmate.topology.declare=false")
			.withUserConfiguration(CommandHandler.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TopologyDeclarer declarer = context.getBean(TopologyDeclarer.class);
				assertThat(declarer.isAutoStartup()).isFalse();
				assertThat(declarer.isRunning()).isFalse();
			});
	}

	@Test
	void publisherOnlyServiceHasPublisherAndTopologyButNoConsumer() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(MessagePublisher.class);
			assertThat(context.getBean(MessagePublisher.class)).isInstanceOf(RabbitMessagePublisher.class);
			assertThat(context).hasSingleBean(EnvelopeCodec.class);
			assertThat(context).hasSingleBean(TopologyDeclarer.class);
			assertThat(context).doesNotHaveBean(ListenerContainerLifecycle.class);
			assertThat(context).doesNotHaveBean(Dispatcher.class);
		});
	}

	@Test
	void serviceNameAddsTheConsumerWithDeadLettering() {
		this.contextRunner.withPropertyValues("mmate.service-name=autoconfig-test").run((context) -> {
			assertThat(context).hasBean("mmateListenerContainer").hasBean("mmatePartitionContainer")
				.hasBean("mmateBroadcastContainer");
			assertThat(context).hasSingleBean(Dispatcher.class);
			assertThat(context).hasSingleBean(FailurePublisher.class);
			assertThat(context).hasSingleBean(InProcessRetryInterceptor.class);
			assertThat(context.getBean(RetryPolicies.class).defaults().totalAttempts()).isEqualTo(12);
			assertThat(context.getBean(ListenerContainerLifecycle.class).getQueue())
				.isEqualTo("autoconfig-test-queue");
		});
	}

	@Test
	void failuresOfTheMessageItselfArePermanentByDefault() {
		this.contextRunner.withPropertyValues("mmate.service-name=autoconfig-test").run((context) -> {
			RetryPolicySettings defaults = context.getBean(RetryPolicies.class).defaults();
			assertThat(defaults.permanent()).containsExactly(IllegalArgumentException.class,
					NullPointerException.class, DatabindException.class, MessageValidationException.class);
			assertThat(FailureClassifier.isPermanent(new NullPointerException(), defaults)).isTrue();
			assertThat(FailureClassifier.isPermanent(new NumberFormatException(), defaults)).isTrue();
			assertThat(FailureClassifier.isPermanent(new IllegalStateException(), defaults)).isFalse();
		});
	}

	@Test
	void transientExceptionsOverrideThePermanentDefaults() {
		this.contextRunner
			.withPropertyValues("mmate.service-name=autoconfig-test",
					"mmate.retry.transient-exceptions=java.lang.NullPointerException")
			.run((context) -> assertThat(FailureClassifier.isPermanent(new NullPointerException(),
					context.getBean(RetryPolicies.class).defaults()))
				.isFalse());
	}

	@Test
	void payloadsAreValidatedWithTheApplicationsValidator() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.withPropertyValues("mmate.service-name=autoconfig-test")
			.run((context) -> assertThat(context).hasSingleBean(BeanValidationPayloadValidator.class));
	}

	@Test
	void withoutBeanValidationPayloadsAreNotValidated() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("jakarta.validation"))
			.withPropertyValues("mmate.service-name=autoconfig-test")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(Dispatcher.class);
				assertThat(context).doesNotHaveBean(PayloadValidator.class);
			});
	}

	@Test
	void retryPolicyIsMappedWithPerTypeOverrides() {
		this.contextRunner
			.withPropertyValues("mmate.service-name=autoconfig-test", "mmate.retry.max-attempts=2",
					"mmate.retry.delays=1s,5s", "mmate.retry.permanent-exceptions=java.lang.IllegalArgumentException",
					"mmate.retry.handlers.TestCommand.max-attempts=5", "mmate.retry.handlers.TestCommand.delays=")
			.run((context) -> {
				RetryPolicies policies = context.getBean(RetryPolicies.class);
				assertThat(policies.defaults().maxAttempts()).isEqualTo(2);
				assertThat(policies.defaults().redeliveryDelays()).containsExactly(java.time.Duration.ofSeconds(1),
						java.time.Duration.ofSeconds(5));
				assertThat(policies.defaults().permanent()).containsExactly(IllegalArgumentException.class);
				assertThat(policies.forType("TestCommand").maxAttempts()).isEqualTo(5);
				assertThat(policies.forType("TestCommand").redeliveryDelays()).isEmpty();
				assertThat(policies.forType("TestCommand").permanent()).containsExactly(IllegalArgumentException.class);
				assertThat(policies.forType("Other")).isSameAs(policies.defaults());
			});
	}

	@Test
	void invalidRetrySettingFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("mmate.service-name=autoconfig-test", "mmate.retry.handlers.TestCommand.multiplier=0.5")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("mmate.retry.handlers.TestCommand.multiplier"));
	}

	@Test
	void backsOffWhenTheUserDefinesAPublisher() {
		this.contextRunner.withUserConfiguration(UserPublisherConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(MessagePublisher.class);
			assertThat(context.getBean(MessagePublisher.class))
				.isSameAs(context.getBean(UserPublisherConfiguration.class).publisher);
		});
	}

	@Test
	void backsOffWhenTheUserDefinesACodec() {
		EnvelopeCodec codec = new EnvelopeCodec(JsonMapper.builder().build());
		this.contextRunner.withBean(EnvelopeCodec.class, () -> codec)
			.run((context) -> assertThat(context.getBean(EnvelopeCodec.class)).isSameAs(codec));
	}

	@Test
	void disabledByProperty() {
		this.contextRunner.withPropertyValues("mmate.enabled=false", "mmate.service-name=autoconfig-test")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(MessagePublisher.class);
				assertThat(context).doesNotHaveBean(TopologyDeclarer.class);
			});
	}

	@Test
	void backsOffWithoutJackson() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
			.run((context) -> assertThat(context).doesNotHaveBean(MessagePublisher.class));
	}

	@Test
	void backsOffWithoutSpringRabbit() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MmateAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(RabbitTemplate.class))
			.run((context) -> assertThat(context).doesNotHaveBean(MessagePublisher.class));
	}

	@Test
	void backsOffWithoutAConnectionFactory() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MmateAutoConfiguration.class))
			.withPropertyValues("mmate.service-name=autoconfig-test")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(MessagePublisher.class);
				assertThat(context).doesNotHaveBean(MmateProperties.class);
			});
	}

	@Test
	void jdbcIdempotencyWithoutSpringJdbcFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("mmate.service-name=autoconfig-test", "mmate.idempotency.store=jdbc")
			.withClassLoader(new FilteredClassLoader(JdbcTemplate.class))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("mmate.idempotency.store"));
	}

	@Test
	void directReplyToRequesterOpensNothingBeforeItsFirstRequest() {
		this.contextRunner.withPropertyValues("mmate.requests.reply-to=direct").run((context) -> {
			assertThat(context).hasSingleBean(BridgeRequester.class);
			assertThat(context.getBean(BridgeRequester.class).replyQueueName()).isNull();
		});
	}

	@Test
	void unknownReplyToFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("mmate.requests.reply-to=fast")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'mmate.requests.reply-to'"));
	}

	@Test
	void invalidPrefetchFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("mmate.service-name=autoconfig-test", "mmate.listener.prefetch=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("mmate.listener.prefetch"));
	}

	@Test
	void invalidMaxMessageSizeFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("mmate.service-name=autoconfig-test", "mmate.listener.max-message-size=0B")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("mmate.listener.max-message-size"));
	}

	@Test
	void bootsConnectionFactoryReadsWhatEveryBrokerAcceptsAndChecksHeaderTables() {
		bootsConnectionFactory().run((context) -> {
			com.rabbitmq.client.ConnectionFactory client = context.getBean(CachingConnectionFactory.class)
				.getRabbitConnectionFactory();
			assertThat(ReflectionTestUtils.getField(client, "maxInboundMessageBodySize"))
				.isEqualTo(512 * 1024 * 1024 + 1);
			assertThat(client.getSocketFactory().getClass().getName())
				.isEqualTo("io.mmate.connection.HeaderCheckingSocketFactory");
		});
	}

	@Test
	void tlsConnectionsKeepTheirSocketFactory() {
		bootsConnectionFactory().withPropertyValues("spring.rabbitmq.ssl.enabled=true").run((context) -> {
			com.rabbitmq.client.ConnectionFactory client = context.getBean(CachingConnectionFactory.class)
				.getRabbitConnectionFactory();
			assertThat(ReflectionTestUtils.getField(client, "maxInboundMessageBodySize"))
				.isEqualTo(512 * 1024 * 1024 + 1);
			assertThat(client.getSocketFactory()).isInstanceOf(SSLSocketFactory.class);
		});
	}

	@Test
	void connectionFactoryCustomizerBacksOff() {
		bootsConnectionFactory()
			.withBean("mmateConnectionFactoryCustomizer", ConnectionFactoryCustomizer.class,
					() -> (connectionFactory) -> {
					})
			.run((context) -> assertThat(context.getBean(CachingConnectionFactory.class)
				.getRabbitConnectionFactory()
				.getSocketFactory()).isNull());
	}

	private ApplicationContextRunner bootsConnectionFactory() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
					MmateAutoConfiguration.class))
			.withPropertyValues(UnreachableConnectionFactory.springProperties());
	}

	@Test
	void invalidConfirmTimeoutFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("mmate.publisher.confirm-timeout=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("mmate.publisher.confirm-timeout"));
	}

	@Test
	void incompleteExtraBindingFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("mmate.service-name=autoconfig-test", "mmate.queue.bindings[0].routing-key=x.#")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("mmate.queue.bindings[0].exchange"));
	}

	@Test
	void invalidPartitionCountFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("mmate.partitions.count=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("mmate.partitions.count"));
	}

	@Test
	void topologyIsBuiltOnceFromTheHandlers() {
		this.contextRunner.withPropertyValues("mmate.service-name=autoconfig-test")
			.withUserConfiguration(CommandHandler.class)
			.run((context) -> {
				ServiceTopology topology = context.getBean(ServiceTopologyProvider.class).get();
				assertThat(topology.serviceQueue().bindings()).containsExactly(
						new BindingSpec("mmate.commands", "cmd.autoconfig-test.TestCommand"),
						new BindingSpec("mmate.messages", "cmd.autoconfig-test.TestCommand"));
				assertThat(context.getBean(ServiceTopologyProvider.class).get()).isSameAs(topology);
			});
	}

	@Test
	void bindingsOnTheGenericExchangeCanBeTurnedOff() {
		this.contextRunner
			.withPropertyValues("mmate.service-name=autoconfig-test", "mmate.queue.bind-generic-exchange=false")
			.withUserConfiguration(CommandHandler.class)
			.run((context) -> assertThat(context.getBean(ServiceTopologyProvider.class).get().serviceQueue().bindings())
				.containsExactly(new BindingSpec("mmate.commands", "cmd.autoconfig-test.TestCommand")));
	}

	@Test
	void publisherSettingsAreMappedOnce() {
		this.contextRunner.withPropertyValues("mmate.publisher.confirm-timeout=3s").run((context) -> {
			assertThat(context).hasSingleBean(PublisherSettings.class);
			assertThat(context.getBean(PublisherSettings.class).confirmTimeout())
				.isEqualTo(java.time.Duration.ofSeconds(3));
		});
	}

	@Test
	void handlersWithoutServiceNameFailNamingThePropertyAndHandler() {
		this.contextRunner.withUserConfiguration(CommandHandler.class)
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("mmate.service-name")
				.hasMessageContaining("CommandHandler#on(TestCommand)"));
	}

	@Test
	void twoHandlersForOneTypeFailNamingBothMethods() {
		this.contextRunner.withPropertyValues("mmate.service-name=autoconfig-test")
			.withUserConfiguration(CommandHandler.class, DuplicateCommandHandler.class)
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("Two handlers for message type 'TestCommand'")
				.hasMessageContaining("CommandHandler#on(TestCommand)")
				.hasMessageContaining("DuplicateCommandHandler#handle(TestCommand)"));
	}

	@Test
	void handlerWithWrongParameterFailsNamingTheMethod() {
		this.contextRunner.withPropertyValues("mmate.service-name=autoconfig-test")
			.withUserConfiguration(InvalidHandler.class)
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("InvalidHandler#on(String)")
				.hasMessageContaining("Command, Event, Query or Reply"));
	}

	@Test
	void handlerReturningANonReplyFailsNamingTheMethod() {
		this.contextRunner.withPropertyValues("mmate.service-name=autoconfig-test")
			.withUserConfiguration(NonReplyHandler.class)
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("NonReplyHandler#on(TestQuery)")
				.hasMessageContaining("returns void, a Reply, or a CompletableFuture of Void or of a Reply"));
	}

	@Test
	void handlersAreRegisteredByTypeName() {
		this.contextRunner.withPropertyValues("mmate.service-name=autoconfig-test")
			.withUserConfiguration(CommandHandler.class, EventAndQueryHandler.class)
			.run((context) -> {
				HandlerRegistry registry = context.getBean(HandlerRegistry.class);
				assertThat(registry.find("TestCommand").description()).endsWith("CommandHandler#on(TestCommand)");
				assertThat(registry.find("renamed.event")).isNotNull();
				assertThat(registry.find("TestQuery")).isNotNull();
				assertThat(registry.find("TestEvent")).isNull();
			});
	}

	record TestCommand(String id) implements Command {
	}

	@MessageType("renamed.event")
	record TestEvent(String id) implements Event {
	}

	record TestQuery(String id) implements Query {
	}

	record TestReply(String id) implements Reply {
	}

	static class CommandHandler {

		@MmateHandler
		void on(TestCommand command) {
		}

	}

	static class DuplicateCommandHandler {

		@MmateHandler
		void handle(TestCommand command) {
		}

	}

	static class EventAndQueryHandler {

		@MmateHandler
		void on(TestEvent event) {
		}

		@MmateHandler
		TestReply on(TestQuery query) {
			return new TestReply(query.id());
		}

	}

	static class InvalidHandler {

		@MmateHandler
		void on(String text) {
		}

	}

	static class NonReplyHandler {

		@MmateHandler
		String on(TestQuery query) {
			return "";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPublisherConfiguration {

		final MessagePublisher publisher = new NoOpPublisher();

		@Bean
		MessagePublisher userPublisher() {
			return this.publisher;
		}

	}

	static class NoOpPublisher implements MessagePublisher {

		@Override
		public CompletableFuture<PublishReceipt> publishEvent(Event event, PublishOptions options) {
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public CompletableFuture<PublishReceipt> sendCommand(Command command, String targetService,
				PublishOptions options) {
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public CompletableFuture<PublishReceipt> sendQuery(Query query, PublishOptions options) {
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public CompletableFuture<PublishReceipt> sendReply(Reply reply, String replyTo, PublishOptions options) {
			return CompletableFuture.completedFuture(null);
		}

	}

}
