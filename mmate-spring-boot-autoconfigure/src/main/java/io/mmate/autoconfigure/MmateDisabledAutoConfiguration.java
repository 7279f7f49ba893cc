package io.mmate.autoconfigure;

import io.mmate.MessagePublisher;
import io.mmate.MessageRequester;
import io.mmate.MessageScheduler;
import io.mmate.MessageTransactions;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for {@code mmate.enabled=false}: the application still starts, with a
 * {@link MessagePublisher}, {@link MessageRequester}, {@link MessageScheduler} and {@link MessageTransactions} that
 * fail on every use with an {@link IllegalStateException} naming the property. Nothing connects to a broker. Beans of
 * these types that the application or a test harness defines take their place.
 */
@AutoConfiguration(after = { MmateAutoConfiguration.class, MmateSchedulingAutoConfiguration.class })
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

}
