package io.mmate.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import io.mmate.contract.AnnouncementCodec;
import io.mmate.contract.AnnouncementListener;
import io.mmate.contract.ContractAnnouncer;
import io.mmate.contract.ContractRegistry;
import io.mmate.contract.ContractSubscriber;
import io.mmate.contract.LocalContracts;
import io.mmate.dispatch.HandlerRegistry;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.TypeRegistry;
import io.mmate.listener.ListenerContainerLifecycle;
import io.mmate.publish.PublisherChannel;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of contract discovery on top of {@link MmateAutoConfiguration}, as Mmate's Go services do it:
 * the {@link ContractRegistry} of what other services announce on {@code mmate.contracts}, the queue it listens on,
 * and, for a service with a name, the announcer of its own handlers' contracts. Disabled with
 * {@code mmate.contracts.enabled=false}.
 */
@AutoConfiguration(after = MmateAutoConfiguration.class)
@ConditionalOnBean({ PublisherChannel.class, HandlerRegistry.class, TypeRegistry.class, EnvelopeCodec.class })
@ConditionalOnBooleanProperty(name = "mmate.contracts.enabled", matchIfMissing = true)
public final class MmateContractsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AnnouncementCodec mmateAnnouncementCodec(EnvelopeCodec codec) {
		// The starter's own mapper, as for every envelope: spring.jackson.* settings must not change the wire.
		return new AnnouncementCodec(JsonMapper.builder().build(), codec);
	}

	@Bean
	@ConditionalOnMissingBean
	ContractRegistry mmateContractRegistry(MmateProperties properties) {
		Duration expireAfter = positive(properties.getContracts().getExpireAfter(), "mmate.contracts.expire-after");
		return new ContractRegistry(properties.getServiceName(), expireAfter, ContractRegistry.DEFAULT_MAX_CONTRACTS,
				Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	ContractSubscriber mmateContractSubscriber(ConnectionFactory connectionFactory, AnnouncementCodec codec,
			ContractRegistry registry, MmateProperties properties) {
		String owner = StringUtils.hasText(properties.getServiceName()) ? properties.getServiceName() : "client";
		String queue = "contract.announce." + owner + "." + UUID.randomUUID().toString().substring(0, 8);
		return new ContractSubscriber(connectionFactory, queue, new AnnouncementListener(codec, registry),
				ListenerContainerLifecycle.PHASE - 1);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty("mmate.service-name")
	ContractAnnouncer mmateContractAnnouncer(PublisherChannel channel, AnnouncementCodec codec,
			HandlerRegistry handlers, TypeRegistry types, ContractSubscriber subscriber, MmateProperties properties) {
		MmateProperties.Contracts contracts = properties.getContracts();
		Duration interval = positive(contracts.getAnnounceInterval(), "mmate.contracts.announce-interval");
		Duration timeout = positive(contracts.getEndpointTimeout(), "mmate.contracts.endpoint-timeout");
		LocalContracts local = new LocalContracts(MmateSettings.serviceName(properties), handlers, types,
				MmateSettings.retry(properties), timeout);
		return new ContractAnnouncer(channel, codec, local, interval,
				MmateSettings.publisher(properties).confirmTimeout(), subscriber::isDeclared, Clock.systemUTC(),
				ListenerContainerLifecycle.PHASE + 1);
	}

	private static Duration positive(Duration duration, String key) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new InvalidConfigurationPropertyValueException(key, duration, "must be positive");
		}
		return duration;
	}

}
