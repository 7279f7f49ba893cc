package io.mmate.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.mmate.MessagePublisher;
import io.mmate.delay.DelayMechanismSelector;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.failure.FailurePublisher;
import io.mmate.listener.ListenerContainerLifecycle;
import io.mmate.publish.PublisherChannel;
import io.mmate.stageflow.FlowMessageEnvelope;
import io.mmate.stageflow.InMemoryWorkflowStatusStore;
import io.mmate.stageflow.JdbcWorkflowStatusStore;
import io.mmate.stageflow.StageFlowCodec;
import io.mmate.stageflow.StageFlowEngine;
import io.mmate.stageflow.StageFlowMessaging;
import io.mmate.stageflow.StageFlowSettings;
import io.mmate.stageflow.Workflow;
import io.mmate.stageflow.WorkflowRunner;
import io.mmate.stageflow.WorkflowStatusStore;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of StageFlow on top of {@link MmateAutoConfiguration}, only when the application defines a
 * {@link Workflow} bean: the engine that declares and consumes the workflows' queues as Mmate Go does, the
 * {@link WorkflowRunner} that starts instances, and the {@link WorkflowStatusStore}: in memory, or in the
 * application's database with {@code mmate.stageflow.status-store=jdbc}. Disabled with
 * {@code mmate.stageflow.enabled=false}.
 */
@AutoConfiguration(after = MmateAutoConfiguration.class,
		afterName = "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration")
@ConditionalOnBean({ Workflow.class, PublisherChannel.class, MessagePublisher.class, EnvelopeCodec.class,
		DelayMechanismSelector.class })
@ConditionalOnBooleanProperty(name = "mmate.stageflow.enabled", matchIfMissing = true)
public final class MmateStageFlowAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	StageFlowCodec mmateStageFlowCodec(EnvelopeCodec codec, MmateProperties properties) {
		// The starter's own mapper, as for every envelope: spring.jackson.* settings must not change the wire.
		return new StageFlowCodec(JsonMapper.builder().build(), codec, nonNegative(
				properties.getStageflow().getMessageTtl(), "mmate.stageflow.message-ttl"));
	}

	@Bean
	@ConditionalOnMissingBean
	WorkflowStatusStore mmateWorkflowStatusStore(MmateProperties properties) {
		MmateProperties.StageFlow stageflow = properties.getStageflow();
		if (stageflow.getStatusStore() == MmateProperties.StageFlow.StatusStore.JDBC) {
			// The JDBC store's configuration did not apply. Rather than fall back to memory, where instances would
			// each keep their own statuses and never know it, refuse to start.
			throw new InvalidConfigurationPropertyValueException("mmate.stageflow.status-store",
					stageflow.getStatusStore(),
					"The JDBC status store needs spring-jdbc and a DataSource (a single JdbcTemplate bean).");
		}
		return new InMemoryWorkflowStatusStore(
				positive(stageflow.getStatusStoreSize(), "mmate.stageflow.status-store-size"), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	StageFlowEngine mmateStageFlowEngine(ConnectionFactory connectionFactory, PublisherChannel channel,
			MessagePublisher publisher, ObjectProvider<FailurePublisher> failures, DelayMechanismSelector delays,
			StageFlowCodec codec, List<Workflow<?>> workflows, WorkflowStatusStore store, MmateProperties properties) {
		MmateProperties.StageFlow stageflow = properties.getStageflow();
		// A service without a queue of its own may still start workflows and run stages.
		String service = StringUtils.hasText(properties.getServiceName()) ? MmateSettings.serviceName(properties)
				: "stageflow";
		String endEventsQueue = service + ".stageflow-ends." + UUID.randomUUID().toString().substring(0, 8);
		Duration confirmTimeout = MmateSettings.publisher(properties).confirmTimeout();
		FailurePublisher failurePublisher = failures.getIfAvailable(
				() -> new FailurePublisher(channel, delays, service, confirmTimeout, Clock.systemUTC()));
		StageFlowSettings settings = new StageFlowSettings(properties.getQueue().getType(),
				positive(stageflow.getPrefetch(), "mmate.stageflow.prefetch"),
				positive(stageflow.getConsumers(), "mmate.stageflow.consumers"),
				MmateSettings.retry(properties).forType(FlowMessageEnvelope.TYPE),
				confirmTimeout, endEventsQueue);
		// Before the service's own consumers: a handler may start a workflow as soon as it runs.
		return new StageFlowEngine(new StageFlowMessaging(connectionFactory, channel, publisher, failurePublisher, delays),
				codec, workflows, store, settings, Clock.systemUTC(), ListenerContainerLifecycle.PHASE - 1);
	}

	@Bean
	@ConditionalOnMissingBean
	WorkflowRunner mmateWorkflowRunner(StageFlowEngine engine) {
		return new WorkflowRunner(engine, Clock.systemUTC());
	}

	private static Duration nonNegative(Duration value, String key) {
		if (value == null || value.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(key, value, "must be zero (no expiration) or more");
		}
		return value;
	}

	/**
	 * The JDBC status store, when {@code mmate.stageflow.status-store=jdbc} and the application has a
	 * {@link JdbcTemplate}. A member class is registered before the bean methods of its enclosing class: the
	 * in-memory store's {@code @ConditionalOnMissingBean} sees this one.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JdbcTemplate.class)
	@ConditionalOnProperty(name = "mmate.stageflow.status-store", havingValue = "jdbc")
	static class JdbcStatusStoreConfiguration {

		@Bean
		@ConditionalOnSingleCandidate(JdbcTemplate.class)
		@ConditionalOnMissingBean(WorkflowStatusStore.class)
		JdbcWorkflowStatusStore mmateJdbcWorkflowStatusStore(JdbcTemplate jdbc, MmateProperties properties) {
			JdbcWorkflowStatusStore store = new JdbcWorkflowStatusStore(jdbc, Clock.systemUTC());
			if (properties.getStageflow().isInitializeSchema()) {
				store.initializeSchema();
			}
			return store;
		}

	}

	private static int positive(int value, String key) {
		if (value <= 0) {
			throw new InvalidConfigurationPropertyValueException(key, value, "must be positive");
		}
		return value;
	}

}
