package io.mmate.autoconfigure;

import io.mmate.MessagePublisher;
import io.mmate.MessageRequester;
import io.mmate.MessageScheduler;
import io.mmate.MessageTransactions;
import io.mmate.stageflow.WorkflowRunner;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration for {@code mmate.enabled=false}: the application still starts, with a
 * {@link MessagePublisher}, {@link MessageRequester}, {@link MessageScheduler}, {@link MessageTransactions} and
 * StageFlow {@link WorkflowRunner} that fail on every use with an {@link IllegalStateException} naming the property.
 * Nothing connects to a broker and no workflow runs. Beans of these types that the application or a test harness
 * defines take their place. With Actuator, the {@code mmate} health component is still there, {@code UNKNOWN}, so that
 * health groups that name it stay valid.
 */
@AutoConfiguration(after = { MmateAutoConfiguration.class, MmateSchedulingAutoConfiguration.class,
		MmateStageFlowAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "mmate.enabled", havingValue = false)
public final class MmateDisabledAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MessagePublisher mmateMessagePublisher() {
		return new DisabledMessaging.Publisher();
	}

	@Bean
	@ConditionalOnMissingBean
	MessageRequester mmateMessageRequester() {
		return new DisabledMessaging.Requester();
	}

	@Bean
	@ConditionalOnMissingBean
	MessageScheduler mmateMessageScheduler() {
		return new DisabledMessaging.Scheduler();
	}

	@Bean
	@ConditionalOnMissingBean
	MessageTransactions mmateMessageTransactions() {
		return new DisabledMessaging.Transactions();
	}

	@Bean
	@ConditionalOnMissingBean
	WorkflowRunner mmateWorkflowRunner() {
		return new DisabledMessaging.Runner();
	}

	// A health group that includes "mmate" (readiness, typically) fails the start-up when no such contributor exists.
	// UNKNOWN ranks below UP in every default status order, so it does not take a group down.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
	@ConditionalOnEnabledHealthIndicator("mmate")
	static class DisabledHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = { "mmateHealthIndicator", "mmateHealthContributor" })
		HealthIndicator mmateHealthIndicator() {
			Health health = Health.unknown().withDetail("disabled", "mmate.enabled=false").build();
			return () -> health;
		}

	}

}
