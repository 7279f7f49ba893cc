package io.mmate.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.micrometer.observation.ObservationRegistry;
import io.mmate.MessageInterceptor;
import io.mmate.MessagePublisher;
import io.mmate.MessageRequester;
import io.mmate.MessageTransactions;
import io.mmate.MmateHandlerRegistrar;
import io.mmate.PublishInterceptor;
import io.mmate.bridge.BridgeRequester;
import io.mmate.bridge.ReplyMode;
import io.mmate.consume.BroadcastQueue;
import io.mmate.connection.ConnectionOutageReporter;
import io.mmate.connection.InboundSafety;
import io.mmate.consume.HandlerMethodProcessor;
import io.mmate.delay.DelayMechanismSelector;
import io.mmate.dispatch.ArrivalCheck;
import io.mmate.dispatch.BeanValidationPayloadValidator;
import io.mmate.dispatch.Dispatcher;
import io.mmate.dispatch.HandlerRegistry;
import io.mmate.dispatch.PayloadValidator;
import io.mmate.dispatch.ReplyAddressCheck;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.TypeRegistry;
import io.mmate.failure.FailurePublisher;
import io.mmate.idempotency.IdempotencyInterceptor;
import io.mmate.idempotency.InMemoryProcessedMessageStore;
import io.mmate.idempotency.JdbcProcessedMessageStore;
import io.mmate.idempotency.ProcessedMessageStore;
import io.mmate.listener.DeliveryListener;
import io.mmate.listener.DeliveryObserver;
import io.mmate.listener.DeliveryPipeline;
import io.mmate.listener.ListenerContainerLifecycle;
import io.mmate.listener.ListenerSettings;
import io.mmate.listener.ReplyAddressPolicy;
import io.mmate.listener.ReplySender;
import io.mmate.metrics.MessagingEvents;
import io.mmate.publish.AmqpMessageTransactions;
import io.mmate.publish.DirectReplyChannel;
import io.mmate.publish.PublisherChannel;
import io.mmate.publish.PublisherSettings;
import io.mmate.publish.RabbitMessagePublisher;
import io.mmate.publish.TransactionalPublishSink;
import io.mmate.retry.CircuitBreaker;
import io.mmate.retry.InProcessRetryInterceptor;
import io.mmate.retry.RetryPolicies;
import io.mmate.topology.QueueType;
import io.mmate.topology.RouteKindRule;
import io.mmate.topology.ServiceTopologyProvider;
import io.mmate.topology.TopologyDeclarer;
import io.mmate.topology.TopologySettings;
import jakarta.validation.Validator;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.amqp.autoconfigure.ConnectionFactoryCustomizer;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Auto-configuration of Mmate messaging on Spring Boot's RabbitMQ connection: the publisher, handler discovery, the
 * topology and the service-queue consumer. Everything goes through Boot's {@link ConnectionFactory}, so
 * {@code spring.rabbitmq.*} keeps working.
 */
@AutoConfiguration(after = RabbitAutoConfiguration.class,
		afterName = { "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
				"org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration" })
@ConditionalOnClass({ RabbitTemplate.class, JsonMapper.class })
@ConditionalOnSingleCandidate(ConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "mmate.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MmateProperties.class)
public final class MmateAutoConfiguration {

	private static final Duration OUTAGE_SUMMARY_INTERVAL = Duration.ofSeconds(30);

	// No message the broker accepts may close a connection: it would take every consumer on it down, again on each
	// redelivery.
	@Bean
	@ConditionalOnMissingBean(name = "mmateConnectionFactoryCustomizer")
	ConnectionFactoryCustomizer mmateConnectionFactoryCustomizer() {
		return InboundSafety::apply;
	}

	// One line when the consuming connection is lost, a summary while the outage lasts, one when it is back; the
	// containers' own loggers are quiet by default (MmateDefaultsEnvironmentPostProcessor).
	@Bean
	@ConditionalOnMissingBean
	ConnectionOutageReporter mmateConnectionOutageReporter(ConnectionFactory connectionFactory) {
		return new ConnectionOutageReporter(connectionFactory, OUTAGE_SUMMARY_INTERVAL, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	TypeRegistry mmateTypeRegistry() {
		return new TypeRegistry();
	}

	@Bean
	@ConditionalOnMissingBean
	EnvelopeCodec mmateEnvelopeCodec(MmateProperties properties, ObjectProvider<JacksonModule> modules) {
		return new EnvelopeCodec(MmateSettings.wireMapper(properties, modules.orderedStream().toList()),
				properties.getPublisher().getHeaderTable(), properties.getPartitions().getKeyHeader());
	}

	@Bean
	@ConditionalOnMissingBean
	HandlerRegistry mmateHandlerRegistry() {
		return new HandlerRegistry();
	}

	@Bean
	HandlerMethodProcessor mmateHandlerMethodProcessor(HandlerRegistry handlers, TypeRegistry types,
			ObjectProvider<MmateHandlerRegistrar> registrars, MmateProperties properties) {
		return new HandlerMethodProcessor(handlers, types, registrars, properties.getServiceName());
	}

	@Bean
	PublisherSettings mmatePublisherSettings(MmateProperties properties) {
		return MmateSettings.publisher(properties);
	}

	@Bean
	TopologySettings mmateTopologySettings(MmateProperties properties,
			ObjectProvider<RabbitConnectionDetails> connectionDetails) {
		TopologySettings settings = MmateSettings.topology(properties);
		RabbitConnectionDetails details = connectionDetails.getIfUnique();
		if (details != null) {
			ReplicationAdvice.check(settings,
					details.getAddresses().stream().map((address) -> address.host() + ":" + address.port()).toList());
		}
		return settings;
	}

	@Bean
	@ConditionalOnMissingBean
	ServiceTopologyProvider mmateServiceTopology(TopologySettings settings, HandlerRegistry handlers) {
		return new ServiceTopologyProvider(settings, handlers);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	PublisherChannel mmatePublisherChannel(ConnectionFactory connectionFactory, PublisherSettings settings) {
		// Publishing on a connection of its own: when the broker slows a publisher down (flow control), it stops
		// reading that connection, and the consumers' acknowledgements must not wait behind it.
		ConnectionFactory publishing = (connectionFactory.getPublisherConnectionFactory() != null)
				? connectionFactory.getPublisherConnectionFactory() : connectionFactory;
		return new PublisherChannel(publishing, settings.recoveryTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	MessagePublisher mmateMessagePublisher(PublisherChannel channel, EnvelopeCodec codec, TypeRegistry types,
			ObjectProvider<PublishInterceptor> interceptors, PublisherSettings settings, TopologySettings topology,
			ObjectProvider<ObservationRegistry> observations, ObjectProvider<TransactionalPublishSink> outbox) {
		// The transactional outbox, when MmateOutboxAutoConfiguration made one.
		RabbitMessagePublisher publisher = new RabbitMessagePublisher(channel, outbox.getIfUnique(), codec, types,
				interceptors.orderedStream().toList(), settings, Clock.systemUTC(),
				observations.getIfUnique(() -> ObservationRegistry.NOOP));
		// Replies to sendQuery(query) come back to the service queue, where a handler of the reply type takes them.
		publisher.setReplyQueue(topology.serviceQueueName());
		return publisher;
	}

	@Bean
	@ConditionalOnMissingBean(MessageTransactions.class)
	AmqpMessageTransactions mmateMessageTransactions(ConnectionFactory connectionFactory, EnvelopeCodec codec,
			TypeRegistry types, ObjectProvider<PublishInterceptor> interceptors, PublisherSettings settings,
			ObjectProvider<ObservationRegistry> observations) {
		PublisherSettings immediate = settings.withoutDeferral();
		return new AmqpMessageTransactions(connectionFactory,
				(sink) -> new RabbitMessagePublisher(sink, codec, types, interceptors.orderedStream().toList(),
						immediate, Clock.systemUTC(), observations.getIfUnique(() -> ObservationRegistry.NOOP)));
	}

	@Bean
	@ConditionalOnMissingBean(MessageRequester.class)
	BridgeRequester mmateMessageRequester(ConnectionFactory connectionFactory, MessagePublisher publisher,
			EnvelopeCodec codec, TypeRegistry types, MmateProperties properties,
			ObjectProvider<PublishInterceptor> interceptors, PublisherSettings settings,
			ObjectProvider<ObservationRegistry> observations) {
		ObservationRegistry observationRegistry = observations.getIfUnique(() -> ObservationRegistry.NOOP);
		int maxPending = MmateSettings.maxPending(properties);
		BridgeRequester requester;
		if (properties.getRequests().getReplyTo() == ReplyMode.DIRECT) {
			// Requests go out on the direct reply-to channel, as the application's publisher would send them.
			List<PublishInterceptor> chain = interceptors.orderedStream().toList();
			requester = new BridgeRequester(connectionFactory,
					(sink) -> new RabbitMessagePublisher(sink, codec, types, chain, settings, Clock.systemUTC(),
							observationRegistry),
					codec, types, maxPending, settings.confirmTimeout(),
					directReplyConfirms(properties.getRequests().isDirectConfirms(), chain, observationRegistry),
					observationRegistry);
		}
		else {
			requester = new BridgeRequester(connectionFactory, publisher, codec, types, maxPending,
					observationRegistry);
		}
		requester.setPersistentQueries(properties.getRequests().isPersistentQueries());
		return requester;
	}

	// Without interceptors and observation handlers, a request's publish completes only the starter's own stages:
	// its acknowledgement may then complete it on the connection's thread, sparing a thread hand-off per request.
	// Either may run application code, which must not hold up that thread.
	private static DirectReplyChannel.Confirms directReplyConfirms(boolean confirms, List<PublishInterceptor> chain,
			ObservationRegistry observations) {
		if (!confirms) {
			return DirectReplyChannel.Confirms.NONE;
		}
		return (chain.isEmpty() && observations.isNoop()) ? DirectReplyChannel.Confirms.ACKS_ON_CONNECTION_THREAD
				: DirectReplyChannel.Confirms.OFF_CONNECTION_THREAD;
	}

	@Bean
	@ConditionalOnMissingBean
	DelayMechanismSelector mmateDelayMechanismSelector(ConnectionFactory connectionFactory,
			MmateProperties properties) {
		// The delay machinery is replicated like the service's own queues.
		boolean replicated = properties.getQueue().getType() == QueueType.QUORUM;
		return new DelayMechanismSelector(connectionFactory, properties.getDelay().getMechanism(), replicated);
	}

	@Bean
	@ConditionalOnMissingBean
	TopologyDeclarer mmateTopologyDeclarer(ConnectionFactory connectionFactory, ServiceTopologyProvider topology,
			DelayMechanismSelector delays, MmateProperties properties) {
		TopologyDeclarer declarer = new TopologyDeclarer(connectionFactory,
				() -> topology.get().declarables(delays.mechanism()));
		declarer.setAutoStartup(properties.getTopology().isDeclare());
		return declarer;
	}

	/**
	 * The JDBC store of handled message ids, when {@code mmate.idempotency.store=jdbc}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JdbcTemplate.class)
	@ConditionalOnProperty(name = "mmate.idempotency.store", havingValue = "jdbc")
	static class JdbcIdempotencyConfiguration {

		@Bean
		@ConditionalOnBean(JdbcTemplate.class)
		@ConditionalOnMissingBean(ProcessedMessageStore.class)
		JdbcProcessedMessageStore mmateJdbcProcessedMessageStore(JdbcTemplate jdbc, MmateProperties properties) {
			MmateProperties.Idempotency idempotency = properties.getIdempotency();
			JdbcProcessedMessageStore store = new JdbcProcessedMessageStore(jdbc, idempotency.getTable(),
					idempotency.getRetention(), Clock.systemUTC());
			if (idempotency.isInitializeSchema()) {
				store.createTableIfMissing();
			}
			return store;
		}

	}

	/**
	 * Validation of the payloads of handlers whose message parameter is marked {@code @Valid}, with the application's
	 * Bean Validation {@link Validator}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Validator.class)
	@ConditionalOnSingleCandidate(Validator.class)
	static class PayloadValidationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PayloadValidator mmatePayloadValidator(Validator validator) {
			return new BeanValidationPayloadValidator(validator);
		}

	}

	/**
	 * The consumer of the service queue, present when {@code mmate.service-name} is set.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty("mmate.service-name")
	static class ServiceQueueConfiguration {

		@Bean
		@ConditionalOnMissingBean
		Dispatcher mmateDispatcher(HandlerRegistry handlers, EnvelopeCodec codec,
				ObjectProvider<MessageInterceptor> interceptors, MessagePublisher publisher,
				ObjectProvider<PayloadValidator> validator, ReplyAddressCheck replyAddresses, ArrivalCheck arrivals) {
			Dispatcher dispatcher = new Dispatcher(handlers, codec, interceptors.orderedStream().toList(), publisher);
			dispatcher.setPayloadValidator(validator.getIfUnique());
			dispatcher.setReplyAddressCheck(replyAddresses);
			dispatcher.setArrivalCheck(arrivals);
			return dispatcher;
		}

		@Bean
		StartupSummary mmateStartupSummary(ServiceTopologyProvider topology, HandlerRegistry handlers,
				MmateProperties properties, DelayMechanismSelector delays) {
			return new StartupSummary(topology, handlers, MmateSettings.listener(properties), delays);
		}

		@Bean
		@ConditionalOnMissingBean
		ArrivalCheck mmateArrivalCheck(TopologySettings topology) {
			return new RouteKindRule(topology.serviceName(), topology.extraBindings());
		}

		@Bean
		@ConditionalOnMissingBean
		ReplyAddressCheck mmateReplyAddressCheck(TopologySettings topology, BroadcastQueue broadcastQueue,
				MmateProperties properties, ObjectProvider<MessagingEvents> events) {
			Set<String> ownQueues = new HashSet<>(topology.partitionQueues());
			ownQueues.add(topology.serviceQueueName());
			ownQueues.add(broadcastQueue.name());
			return new ReplyAddressPolicy(ownQueues, MmateSettings.allowedReplyAddresses(properties),
					events.getIfUnique(() -> MessagingEvents.NONE));
		}

		@Bean
		@ConditionalOnMissingBean
		RetryPolicies mmateRetryPolicies(MmateProperties properties) {
			return MmateSettings.retry(properties);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnProperty(name = "mmate.idempotency.store", havingValue = "memory", matchIfMissing = true)
		ProcessedMessageStore mmateProcessedMessageStore(MmateProperties properties) {
			MmateProperties.Idempotency idempotency = properties.getIdempotency();
			return new InMemoryProcessedMessageStore(idempotency.getMaxEntries(), idempotency.getRetention(),
					Clock.systemUTC());
		}

		@Bean
		@ConditionalOnMissingBean
		IdempotencyInterceptor mmateIdempotencyInterceptor(HandlerRegistry handlers,
				ObjectProvider<ProcessedMessageStore> store, MmateProperties properties,
				ObjectProvider<PlatformTransactionManager> transactionManager) {
			ProcessedMessageStore available = store.getIfUnique();
			if (available == null) {
				throw new InvalidConfigurationPropertyValueException("mmate.idempotency.store",
						properties.getIdempotency().getStore(),
						"The JDBC store needs spring-jdbc and a DataSource (a JdbcTemplate bean).");
			}
			TransactionTemplate inbox = null;
			if (properties.getIdempotency().isTransactional()) {
				PlatformTransactionManager manager = transactionManager.getIfUnique();
				if (!(available instanceof JdbcProcessedMessageStore) || manager == null) {
					throw new InvalidConfigurationPropertyValueException("mmate.idempotency.transactional", true,
							"The inbox needs mmate.idempotency.store=jdbc and a single PlatformTransactionManager "
									+ "of the store's DataSource.");
				}
				inbox = new TransactionTemplate(manager);
			}
			return new IdempotencyInterceptor(handlers, available, properties.getIdempotency().isEnabled(), inbox);
		}

		@Bean
		@ConditionalOnMissingBean
		InProcessRetryInterceptor mmateInProcessRetryInterceptor(RetryPolicies policies,
				ObjectProvider<MessagingEvents> events) {
			return new InProcessRetryInterceptor(policies, events.getIfUnique(() -> MessagingEvents.NONE));
		}

		@Bean
		@ConditionalOnMissingBean
		FailurePublisher mmateFailurePublisher(PublisherChannel channel, DelayMechanismSelector delays,
				MmateProperties properties, PublisherSettings publishing) {
			return new FailurePublisher(channel, delays, MmateSettings.serviceName(properties),
					publishing.confirmTimeout(), Clock.systemUTC());
		}

		@Bean
		@ConditionalOnMissingBean
		DeliveryPipeline mmateDeliveryPipeline(EnvelopeCodec codec, Dispatcher dispatcher, RetryPolicies policies,
				FailurePublisher failures, MessagePublisher publisher, PublisherSettings publishing,
				ReplyAddressCheck replyAddresses) {
			ReplySender replies = new ReplySender(publisher, publishing.confirmTimeout(), replyAddresses);
			return new DeliveryPipeline(codec, dispatcher, policies, failures, replies);
		}

		@Bean
		@ConditionalOnMissingBean
		DeliveryObserver mmateDeliveryObserver(ObjectProvider<ObservationRegistry> observations,
				ObjectProvider<MessagingEvents> events) {
			return new DeliveryObserver(observations.getIfUnique(() -> ObservationRegistry.NOOP),
					events.getIfUnique(() -> MessagingEvents.NONE));
		}

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(name = "mmate.listener.circuit-breaker.enabled", matchIfMissing = true)
		CircuitBreaker mmateCircuitBreaker(MmateProperties properties) {
			return new CircuitBreaker(MmateSettings.listener(properties).queue(),
					MmateSettings.circuitBreaker(properties));
		}

		@Bean
		@Primary
		@ConditionalOnMissingBean(name = "mmateListenerContainer")
		ListenerContainerLifecycle mmateListenerContainer(ConnectionFactory connectionFactory,
				MmateProperties properties, DeliveryPipeline pipeline, DeliveryObserver observer,
				ServiceTopologyProvider topology, ObjectProvider<CircuitBreaker> breaker) {
			ListenerSettings settings = MmateSettings.listener(properties);
			DeliveryListener listener = new DeliveryListener(settings, pipeline, observer, breaker.getIfAvailable());
			return new ListenerContainerLifecycle(connectionFactory, settings, listener,
					() -> topology.get().hasServiceQueue());
		}

		@Bean
		@ConditionalOnMissingBean(name = "mmatePartitionContainer")
		ListenerContainerLifecycle mmatePartitionContainer(ConnectionFactory connectionFactory,
				MmateProperties properties, DeliveryPipeline pipeline, DeliveryObserver observer,
				TopologySettings topologySettings, ServiceTopologyProvider topology) {
			ListenerSettings settings = MmateSettings.listener(properties).ordered();
			List<String> queues = topologySettings.partitionQueues();
			return new ListenerContainerLifecycle(connectionFactory, settings, queues,
					new DeliveryListener(settings, pipeline, observer, null), () -> topology.get().hasPartitions());
		}

		@Bean
		@ConditionalOnMissingBean
		BroadcastQueue mmateBroadcastQueue(ConnectionFactory connectionFactory, MmateProperties properties,
				ServiceTopologyProvider topology) {
			String name = MmateSettings.serviceName(properties) + ".broadcast." + UUID.randomUUID().toString()
				.substring(0, 8);
			return new BroadcastQueue(connectionFactory, name, () -> topology.get().broadcastBindings());
		}

		@Bean
		@ConditionalOnMissingBean(name = "mmateBroadcastContainer")
		ListenerContainerLifecycle mmateBroadcastContainer(ConnectionFactory connectionFactory,
				MmateProperties properties, DeliveryPipeline pipeline, DeliveryObserver observer,
				ServiceTopologyProvider topology, BroadcastQueue broadcastQueue) {
			ListenerSettings settings = MmateSettings.listener(properties).ordered();
			return new ListenerContainerLifecycle(connectionFactory, settings, List.of(broadcastQueue.name()),
					new DeliveryListener(settings, pipeline, observer, null), () -> topology.get().hasBroadcast());
		}

	}

}
