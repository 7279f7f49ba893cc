package io.mmate.autoconfigure;

import java.time.Duration;
import java.util.Locale;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.mmate.delay.TtlLevelTopology;
import io.mmate.metrics.MessagingEvents;
import io.mmate.metrics.MeterTags;
import io.mmate.metrics.MicrometerMessagingEvents;
import io.mmate.metrics.QueueDepthMeters;
import io.mmate.retry.CircuitBreaker;
import io.mmate.topology.QueueStatsReader;
import io.mmate.topology.QueueType;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of active messages, retries and dead letters, when the application has a
 * {@link MeterRegistry} and Mmate is on: like {@link MmateAutoConfiguration}, it needs a RabbitMQ
 * {@link ConnectionFactory} and backs off with {@code mmate.enabled=false}. Publish and handle timers come from
 * observations, with Boot's observation support.
 */
@AutoConfiguration(after = MmateAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({ MeterRegistry.class, RabbitTemplate.class })
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnSingleCandidate(ConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "mmate.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MmateProperties.class)
public final class MmateMetricsAutoConfiguration {

	/** The gauges of the service queue's circuit breaker, one per state. */
	public static final String CIRCUIT_BREAKER_STATE = "mmate.circuitbreaker.state";

	private static final Duration CACHE = Duration.ofSeconds(5);

	@Bean
	@ConditionalOnMissingBean
	MessagingEvents mmateMessagingEvents(MeterRegistry registry) {
		return new MicrometerMessagingEvents(registry);
	}

	@Bean
	@ConditionalOnBean(CircuitBreaker.class)
	MeterBinder mmateCircuitBreakerMeter(CircuitBreaker breaker, MmateProperties properties) {
		String queue = MmateSettings.listener(properties).queue();
		// One gauge per state, 1 for the current one and 0 for the others, as Resilience4j's.
		return (registry) -> {
			for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
				Gauge.builder(CIRCUIT_BREAKER_STATE, breaker, (current) -> (current.state() == state) ? 1 : 0)
					.description("Whether the service queue's circuit breaker is in this state: 1 if it is, else 0")
					.tags(MeterTags.SYSTEM, MeterTags.RABBITMQ, MeterTags.DESTINATION, queue, "state",
							state.name().toLowerCase(Locale.ROOT))
					.register(registry);
			}
		};
	}

	@Bean
	@ConditionalOnProperty("mmate.service-name")
	@ConditionalOnMissingBean
	QueueDepthMeters mmateQueueDepthMeters(ConnectionFactory connectionFactory,
			ObjectProvider<QueueStatsReader> stats, MmateProperties properties) {
		// Shares the health indicator's cached reader when there is one.
		QueueStatsReader reader = stats.getIfUnique(() -> new QueueStatsReader(connectionFactory, CACHE));
		boolean replicated = properties.getQueue().getType() == QueueType.QUORUM;
		return new QueueDepthMeters(reader, MmateSettings.listener(properties).queue(),
				properties.getDeadLetter().isEnabled(), TtlLevelTopology.of(replicated).unroutable());
	}

}
