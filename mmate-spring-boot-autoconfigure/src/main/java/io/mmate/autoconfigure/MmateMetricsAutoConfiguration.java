package io.mmate.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.mmate.metrics.MessagingEvents;
import io.mmate.metrics.MicrometerMessagingEvents;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of in-flight messages, retries and dead letters, when the application has a
 * {@link MeterRegistry}. Publish and handle timers come from observations, with Boot's observation support.
 */
@AutoConfiguration(before = MmateAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class MmateMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MessagingEvents mmateMessagingEvents(MeterRegistry registry) {
		return new MicrometerMessagingEvents(registry);
	}

}
