package io.mmate.test;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.ObservationRegistry;
import io.mmate.MessagePublisher;
import io.mmate.MessageRequester;
import io.mmate.MessageScheduler;
import io.mmate.PublishInterceptor;
import io.mmate.autoconfigure.MmateAutoConfiguration;
import io.mmate.autoconfigure.MmateProperties;
import io.mmate.consume.BroadcastQueue;
import io.mmate.dispatch.Dispatcher;
import io.mmate.dispatch.HandlerRegistry;
import io.mmate.dispatch.ReplyAddressCheck;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.TypeRegistry;
import io.mmate.failure.FailureRules;
import io.mmate.publish.PublisherSettings;
import io.mmate.publish.RabbitMessagePublisher;
import io.mmate.retry.RetryPolicies;
import io.mmate.topology.QueueType;
import io.mmate.topology.ServiceQueues;
import io.mmate.topology.TopologySettings;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the {@link MmateTestHarness}, imported by {@link MmateTest} (it is not in the starter's list
 * of auto-configurations, so nothing changes for an application that merely has this module on its class path).
 * Ordered before {@link MmateAutoConfiguration}, it supplies the beans that face the broker, which Mmate's
 * auto-configuration then backs off from: the {@link MessagePublisher}, {@link MessageRequester} and
 * {@link MessageScheduler}, and a broadcast queue that declares nothing. Everything else (handler discovery, the
 * dispatcher, interceptors, validation, retry policies) is Mmate's own.
 *
 * <p>With an {@code ApplicationContextRunner}, list it beside Mmate's auto-configuration and set
 * {@link MmateTestProperties#ALL}; without them the harness refuses to start rather than let the application reach
 * a broker. Like Mmate's auto-configuration, it needs Spring Boot's RabbitMQ connection factory (which it never
 * uses) and backs off with {@code mmate.enabled=false}.
 */
@AutoConfiguration(before = MmateAutoConfiguration.class, after = RabbitAutoConfiguration.class)
@ConditionalOnClass({ RabbitTemplate.class, JsonMapper.class })
@ConditionalOnSingleCandidate(ConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "mmate.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MmateProperties.class)
public final class MmateTestHarnessAutoConfiguration {

	@Bean
	HarnessClock mmateTestClock() {
		return new HarnessClock();
	}

	@Bean
	HarnessTransport mmateTestTransport(EnvelopeCodec codec, HarnessClock clock) {
		return new HarnessTransport(codec, clock);
	}

	@Bean
	Responders mmateTestResponders() {
		return new Responders();
	}

	@Bean
	MessagePublisher mmateTestMessagePublisher(HarnessTransport transport, EnvelopeCodec codec, TypeRegistry types,
			ObjectProvider<PublishInterceptor> interceptors, PublisherSettings settings, TopologySettings topology,
			ObjectProvider<ObservationRegistry> observations) {
		RabbitMessagePublisher publisher = publisher(transport, codec, types, interceptors, settings, observations);
		// As the starter's: replies to sendQuery(query) come back to the service queue.
		publisher.setReplyQueue(topology.serviceQueueName());
		return publisher;
	}

	@Bean
	MessageScheduler mmateTestMessageScheduler(HarnessTransport transport, EnvelopeCodec codec, TypeRegistry types,
			ObjectProvider<PublishInterceptor> interceptors, PublisherSettings settings,
			ObjectProvider<ObservationRegistry> observations) {
		return new HarnessMessageScheduler(publisher(transport, codec, types, interceptors, settings, observations),
				types);
	}

	@Bean
	MessageRequester mmateTestMessageRequester(MessagePublisher publisher, TypeRegistry types, EnvelopeCodec codec,
			HarnessTransport transport, Responders responders) {
		return new HarnessMessageRequester(publisher, types, codec, transport, responders);
	}

	// The broadcast queue is exclusive to each instance and declared when it starts: here it has nothing to declare.
	@Bean
	@ConditionalOnProperty("mmate.service-name")
	BroadcastQueue mmateTestBroadcastQueue(ConnectionFactory connectionFactory, MmateProperties properties) {
		return new BroadcastQueue(connectionFactory, properties.getServiceName() + ".broadcast.harness", List::of);
	}

	@Bean(destroyMethod = "close")
	MmateTestHarness mmateTestHarness(HarnessTransport transport, Responders responders, EnvelopeCodec codec,
			TypeRegistry types, HandlerRegistry handlers, ObjectProvider<Dispatcher> dispatcher,
			ObjectProvider<RetryPolicies> policies, ObjectProvider<ReplyAddressCheck> replyAddresses,
			MessagePublisher publisher, PublisherSettings publishing, MmateProperties properties,
			Environment environment) {
		requireNoBroker(properties, environment);
		Dispatcher available = dispatcher.getIfUnique();
		HarnessPipeline pipeline = null;
		if (available != null && policies.getIfUnique() != null) {
			String queue = ServiceQueues.queueName(properties.getServiceName());
			FailureRules rules = new FailureRules(properties.getDeadLetter().isEnabled(), !properties.isFifo(), 0);
			HarnessPipeline.Settings settings = new HarnessPipeline.Settings(properties.getServiceName(), queue, rules,
					properties.getQueue().getType() == QueueType.QUORUM, publishing.confirmTimeout());
			pipeline = new HarnessPipeline(settings, codec, available, handlers, policies.getIfUnique(), publisher,
					replyAddresses.getIfUnique(() -> ReplyAddressCheck.ANY), transport);
		}
		return new MmateTestHarness(transport, pipeline, responders, codec, types, handlers,
				properties.getServiceName());
	}

	private static RabbitMessagePublisher publisher(HarnessTransport transport, EnvelopeCodec codec,
			TypeRegistry types, ObjectProvider<PublishInterceptor> interceptors, PublisherSettings settings,
			ObjectProvider<ObservationRegistry> observations) {
		return new RabbitMessagePublisher(transport, codec, types, interceptors.orderedStream().toList(), settings,
				transport.clock(), observations.getIfUnique(() -> ObservationRegistry.NOOP));
	}

	private static void requireNoBroker(MmateProperties properties, Environment environment) {
		List<String> missing = new ArrayList<>();
		if (properties.getListener().isAutoStartup()) {
			missing.add(MmateTestProperties.NO_LISTENERS);
		}
		if (properties.getTopology().isDeclare()) {
			missing.add(MmateTestProperties.NO_TOPOLOGY);
		}
		if (environment.getProperty("mmate.scheduling.enabled", Boolean.class, true)) {
			missing.add(MmateTestProperties.NO_SCHEDULING_RELAY);
		}
		if (environment.getProperty("mmate.contracts.enabled", Boolean.class, true)) {
			missing.add(MmateTestProperties.NO_CONTRACTS);
		}
		if (!missing.isEmpty()) {
			throw new IllegalStateException("The Mmate test harness stands in for the broker, but Mmate would still "
					+ "reach it: set " + String.join(", ", missing) + " (MmateTestProperties.ALL; @MmateTest sets them)");
		}
	}

}
