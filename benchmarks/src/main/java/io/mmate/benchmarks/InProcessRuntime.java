package io.mmate.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.impl.LongStringHelper;
import io.micrometer.observation.ObservationRegistry;
import io.mmate.MessagePublisher;
import io.mmate.PublishInterceptor;
import io.mmate.PublishReceipt;
import io.mmate.autoconfigure.MmateAutoConfiguration;
import io.mmate.autoconfigure.MmateProperties;
import io.mmate.dispatch.Dispatcher;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.TypeRegistry;
import io.mmate.listener.DeliveryListener;
import io.mmate.publish.PublishSink;
import io.mmate.publish.PublisherSettings;
import io.mmate.publish.RabbitMessagePublisher;
import io.mmate.topology.ServiceQueues;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.beans.DirectFieldAccessor;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.LifecycleProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.support.AbstractApplicationContext;

/**
 * The Mmate runtime of a service, built by {@link MmateAutoConfiguration} in an application context of its own, with
 * one {@link StockHandlers handler} and the defaults of every {@code mmate.*} property. Nothing connects to a
 * broker: lifecycle beans (topology, listener containers) are never started. No {@link ObservationRegistry} bean
 * exists, so deliveries and publishes are observed by {@link ObservationRegistry#NOOP}, and no meters are recorded.
 */
final class InProcessRuntime implements AutoCloseable {

	static final String SERVICE = "inventory";

	private static final long DELIVERY_TAG = 1;

	private final ConfigurableApplicationContext context;

	private final EnvelopeCodec codec;

	private final Dispatcher dispatcher;

	private final DeliveryListener listener;

	private final MessagePublisher publisher;

	private final StockHandlers handlers;

	private final Delivery delivery;

	private InProcessRuntime(ConfigurableApplicationContext context) {
		this.context = context;
		this.codec = context.getBean(EnvelopeCodec.class);
		this.dispatcher = context.getBean(Dispatcher.class);
		// The auto-configuration hands its listener to the container only: read it back from there.
		this.listener = (DeliveryListener) new DirectFieldAccessor(context.getBean("mmateListenerContainer"))
			.getPropertyValue("gate.listener");
		this.handlers = context.getBean(StockHandlers.class);
		this.delivery = new Delivery();
		this.publisher = publisher(this.codec, context.getBean(TypeRegistry.class),
				context.getBean(MmateProperties.class),
				context.getBeanProvider(PublishInterceptor.class).orderedStream().toList(), this.delivery);
	}

	/**
	 * Build the runtime.
	 * @return the runtime, to be closed
	 */
	static InProcessRuntime start() {
		return new InProcessRuntime(new SpringApplicationBuilder(ServiceConfiguration.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties("mmate.service-name=" + SERVICE, "logging.level.root=warn",
					// One acknowledgement per message, so that each operation can check its own; gathered
					// acknowledgements only cost less.
					"mmate.listener.messages-per-ack=1")
			.run());
	}

	/**
	 * A plain codec, publisher and delivery for sizing the sample without an application context.
	 * @return the delivery of {@link StockReservedEvent#sample()}
	 */
	static Message sampleDelivery() {
		EnvelopeCodec codec = new EnvelopeCodec(JsonMapper.builder().build());
		Delivery delivery = new Delivery();
		publisher(codec, new TypeRegistry(), new MmateProperties(), List.of(), delivery)
			.publishEvent(StockReservedEvent.sample())
			.join();
		return delivery.last();
	}

	/**
	 * The delivery of {@link StockReservedEvent#sample()}, as a consumer of the service queue receives it.
	 * @return the message
	 */
	Message sample() {
		this.publisher.publishEvent(StockReservedEvent.sample()).join();
		return this.delivery.last();
	}

	EnvelopeCodec codec() {
		return this.codec;
	}

	Dispatcher dispatcher() {
		return this.dispatcher;
	}

	DeliveryListener listener() {
		return this.listener;
	}

	/**
	 * A publisher configured as the auto-configured one, whose messages stop where they would be handed to the
	 * channel.
	 * @return the publisher
	 */
	MessagePublisher publisher() {
		return this.publisher;
	}

	StockHandlers handlers() {
		return this.handlers;
	}

	String queue() {
		return ServiceQueues.queueName(SERVICE);
	}

	@Override
	public void close() {
		this.context.close();
	}

	private static MessagePublisher publisher(EnvelopeCodec codec, TypeRegistry types, MmateProperties properties,
			List<PublishInterceptor> interceptors, PublishSink sink) {
		MmateProperties.Publisher publisher = properties.getPublisher();
		PublisherSettings settings = new PublisherSettings(publisher.getConfirmTimeout(),
				publisher.isFailOnUnroutableEvents(), publisher.getRecoveryTimeout(),
				publisher.isDeferInTransactions());
		return new RabbitMessagePublisher(sink, codec, types, interceptors, settings, Clock.systemUTC(),
				ObservationRegistry.NOOP);
	}

	/**
	 * Where published messages go instead of a channel: each is confirmed at once, and the last one is kept as the
	 * broker would deliver it.
	 */
	private static final class Delivery implements PublishSink {

		private final DefaultMessagePropertiesConverter converter = new DefaultMessagePropertiesConverter();

		private volatile Message last;

		@Override
		public CompletableFuture<PublishReceipt> publish(String exchange, String routingKey, boolean mandatory,
				AMQP.BasicProperties properties, byte[] body, Duration confirmTimeout) {
			if (this.last == null) {
				this.last = delivered(exchange, routingKey, properties, body);
			}
			return CompletableFuture.completedFuture(new PublishReceipt(properties.getMessageId(), exchange,
					routingKey));
		}

		Message last() {
			return this.last;
		}

		private Message delivered(String exchange, String routingKey, AMQP.BasicProperties properties,
				byte[] body) {
			// The AMQP client reads text header values as long strings.
			Map<String, Object> headers = new HashMap<>();
			properties.getHeaders()
				.forEach((name, value) -> headers.put(name,
						(value instanceof String text) ? LongStringHelper.asLongString(text) : value));
			AMQP.BasicProperties received = properties.builder().headers(headers).build();
			return new Message(body.clone(), this.converter.toMessageProperties(received,
					new Envelope(DELIVERY_TAG, false, exchange, routingKey), "UTF-8"));
		}

	}

	/**
	 * The service's configuration: the auto-configurations and one handler bean. Not a component, so that the
	 * benchmark application does not pick it up.
	 */
	@ImportAutoConfiguration({ JacksonAutoConfiguration.class, MmateAutoConfiguration.class })
	static class ServiceConfiguration {

		@Bean
		ConnectionFactory connectionFactory() {
			// Never connected: nothing is started.
			return new CachingConnectionFactory("localhost");
		}

		@Bean
		StockHandlers stockHandlers() {
			return new StockHandlers();
		}

		@Bean(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME)
		static LifecycleProcessor lifecycleProcessor() {
			// Topology declaration and listener containers would connect to a broker; the benchmarks call the
			// listener themselves.
			return new LifecycleProcessor() {

				@Override
				public void onRefresh() {
				}

				@Override
				public void onClose() {
				}

				@Override
				public void start() {
				}

				@Override
				public void stop() {
				}

				@Override
				public boolean isRunning() {
					return false;
				}

			};
		}

	}

}
