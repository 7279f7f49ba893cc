package io.mmate.autoconfigure;

import java.time.Clock;

import io.micrometer.observation.ObservationRegistry;
import io.mmate.MessagePublisher;
import io.mmate.MessageScheduler;
import io.mmate.PublishInterceptor;
import io.mmate.delay.DelayMechanismSelector;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.TypeRegistry;
import io.mmate.failure.FailurePublisher;
import io.mmate.publish.PublisherChannel;
import io.mmate.publish.PublisherSettings;
import io.mmate.publish.RabbitMessagePublisher;
import io.mmate.publish.TransactionalPublishSink;
import io.mmate.schedule.RabbitMessageScheduler;
import io.mmate.schedule.RecurringSchedules;
import io.mmate.schedule.ScheduledMessageRelay;
import io.mmate.schedule.ScheduledMethodProcessor;
import io.mmate.schedule.SchedulingLifecycle;
import io.mmate.schedule.TickTokens;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of scheduled publishing on top of {@link MmateAutoConfiguration}: the {@link MessageScheduler},
 * {@link io.mmate.MmateScheduled} schedules, and the relay that delivers due scheduled messages. Disabled with
 * {@code mmate.scheduling.enabled=false}.
 */
@AutoConfiguration(after = MmateAutoConfiguration.class)
@ConditionalOnBean({ PublisherChannel.class, PublisherSettings.class, DelayMechanismSelector.class,
		MessagePublisher.class })
@ConditionalOnBooleanProperty(name = "mmate.scheduling.enabled", matchIfMissing = true)
public final class MmateSchedulingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MessageScheduler mmateMessageScheduler(PublisherChannel channel, EnvelopeCodec codec, TypeRegistry types,
			DelayMechanismSelector delays, ObjectProvider<PublishInterceptor> interceptors,
			PublisherSettings settings, ObjectProvider<ObservationRegistry> observations,
			ObjectProvider<TransactionalPublishSink> outbox) {
		// A publisher of its own, configured as the MessagePublisher bean, which an application may have replaced;
		// inside a transaction it writes to the outbox too, when there is one.
		RabbitMessagePublisher publisher = new RabbitMessagePublisher(channel, outbox.getIfUnique(), codec, types,
				interceptors.orderedStream().toList(), settings, Clock.systemUTC(),
				observations.getIfUnique(() -> ObservationRegistry.NOOP));
		return new RabbitMessageScheduler(publisher, types, delays, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	RecurringSchedules mmateRecurringSchedules() {
		return new RecurringSchedules();
	}

	@Bean
	ScheduledMethodProcessor mmateScheduledMethodProcessor(RecurringSchedules schedules,
			MmateProperties properties) {
		return new ScheduledMethodProcessor(schedules, properties.getServiceName());
	}

	@Bean
	@ConditionalOnMissingBean
	SchedulingLifecycle mmateSchedulingLifecycle(ConnectionFactory connectionFactory, PublisherChannel channel,
			DelayMechanismSelector delays, RecurringSchedules schedules, MessagePublisher publisher,
			MmateProperties properties, PublisherSettings settings) {
		String serviceName = (properties.getServiceName() != null) ? properties.getServiceName() : "";
		FailurePublisher failures = new FailurePublisher(channel, delays, serviceName, settings.confirmTimeout(),
				Clock.systemUTC());
		ScheduledMessageRelay relay = new ScheduledMessageRelay(channel, delays, failures, settings.confirmTimeout());
		TickTokens tokens = new TickTokens(channel, new RabbitAdmin(connectionFactory), settings.confirmTimeout(),
				Clock.systemUTC());
		return new SchedulingLifecycle(connectionFactory, delays, schedules, relay, tokens, publisher, serviceName,
				MmateSettings.schedulingCheckInterval(properties));
	}

}
