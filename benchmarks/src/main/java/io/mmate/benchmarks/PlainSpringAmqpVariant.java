package io.mmate.benchmarks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import com.rabbitmq.client.Channel;
import io.mmate.MessageKind;
import io.mmate.PublishOptions;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.OutboundEnvelope;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Hand-written Spring AMQP as a Spring Boot application without Mmate would have it: a {@code RabbitTemplate} with a
 * JSON converter publishing to a durable queue and a {@code @RabbitListener} in Boot's default (simple) container,
 * acknowledging after the listener returns.
 *
 * <p>Two ways of publishing, both with at most {@value ThroughputVariant#UNCONFIRMED} messages unconfirmed: Boot's
 * defaults, {@code convertAndSend} with a {@link CorrelationData} per message and correlated confirms; and the tuned
 * one, the same sends inside {@link RabbitTemplate#invoke} on one channel, whose confirms, several at a time, free the
 * window.
 */
final class PlainSpringAmqpVariant implements ThroughputVariant {

	static final String QUEUE = "bench.plain";

	private static final String COMMANDS = "mmate.commands";

	static final String MMATE_ROUTING_KEY = "cmd.bench-plain.Work";

	private final Publishing publishing;

	private PlainSpringAmqpVariant(Publishing publishing) {
		this.publishing = publishing;
	}

	/**
	 * Boot's defaults: correlated confirms, one {@link CorrelationData} per message.
	 * @return the variant
	 */
	static PlainSpringAmqpVariant bootDefaults() {
		return new PlainSpringAmqpVariant(Publishing.BOOT_DEFAULTS);
	}

	/**
	 * Tuned: one channel through {@link RabbitTemplate#invoke}, simple confirms awaited once.
	 * @return the variant
	 */
	static PlainSpringAmqpVariant oneChannel() {
		return new PlainSpringAmqpVariant(Publishing.ONE_CHANNEL);
	}

	/**
	 * Tuned, sending what Mmate sends: the same envelope and headers, encoded once and sent as they are. It shows
	 * what the wire format itself costs the broker and the consumer, apart from what the starter does per message.
	 * @return the variant
	 */
	static PlainSpringAmqpVariant oneChannelMmateWire() {
		return new PlainSpringAmqpVariant(Publishing.ONE_CHANNEL_MMATE_WIRE);
	}

	/**
	 * Tuned, sending Mmate's bytes the way Mmate sends a command: mandatory, through the {@code mmate.commands}
	 * exchange. Against {@link #oneChannelMmateWire()} it shows what that routing costs the broker.
	 * @return the variant
	 */
	static PlainSpringAmqpVariant oneChannelMmateRoute() {
		return new PlainSpringAmqpVariant(Publishing.ONE_CHANNEL_MMATE_ROUTE);
	}

	/**
	 * Tuned, sending Mmate's body with none of its AMQP headers, to the queue: against {@link #oneChannel()} it shows
	 * what the larger body costs, against {@link #oneChannelMmateWire()} what the header table costs.
	 * @return the variant
	 */
	static PlainSpringAmqpVariant oneChannelMmateBody() {
		return new PlainSpringAmqpVariant(Publishing.ONE_CHANNEL_MMATE_BODY);
	}

	/**
	 * Tuned, sending Mmate's bytes through the {@code mmate.commands} topic exchange, not mandatory: between
	 * {@link #oneChannelMmateWire()} and {@link #oneChannelMmateRoute()}, it parts the cost of topic routing from
	 * that of the mandatory flag.
	 * @return the variant
	 */
	static PlainSpringAmqpVariant oneChannelMmateTopic() {
		return new PlainSpringAmqpVariant(Publishing.ONE_CHANNEL_MMATE_TOPIC);
	}

	boolean isOneChannel() {
		return this.publishing == Publishing.ONE_CHANNEL;
	}

	@Override
	public String name() {
		return switch (this.publishing) {
			case BOOT_DEFAULTS -> "Spring AMQP, Boot defaults";
			case ONE_CHANNEL -> "Spring AMQP tuned (invoke, one channel)";
			case ONE_CHANNEL_MMATE_WIRE -> "Spring AMQP tuned, sending Mmate's bytes";
			case ONE_CHANNEL_MMATE_BODY -> "Spring AMQP tuned, sending Mmate's body without its headers";
			case ONE_CHANNEL_MMATE_TOPIC -> "Spring AMQP tuned, sending Mmate's bytes via mmate.commands";
			case ONE_CHANNEL_MMATE_ROUTE -> "Spring AMQP tuned, sending Mmate's bytes, mandatory via mmate.commands";
		};
	}

	@Override
	public double steady(SteadyRate steady, int payloadSize, boolean consume, Measurement measurement)
			throws Exception {
		Listener listener = new Listener(0);
		try (ConfigurableApplicationContext application = start(listener)) {
			RabbitTemplate template = application.getBean(RabbitTemplate.class);
			Work work = new Work(Payloads.text(payloadSize));
			if (consume) {
				application.getBean(RabbitListenerEndpointRegistry.class).start();
			}
			SteadySession session = new SteadySession() {

				@Override
				public void publish(ConfirmWindow window, BooleanSupplier running) throws Exception {
					PlainSpringAmqpVariant.this.publish(template, work, window, running);
				}

				@Override
				public long consumed() {
					return listener.handled();
				}

			};
			double rate = session.run(steady, consume, measurement);
			stopAndDelete(application);
			return rate;
		}
	}

	@Override
	public double drain(int messages, int payloadSize, Measurement measurement) throws Exception {
		Listener listener = new Listener(messages);
		try (ConfigurableApplicationContext application = start(listener)) {
			Work work = new Work(Payloads.text(payloadSize));
			application.getBean(RabbitTemplate.class).invoke((operations) -> {
				for (int i = 0; i < messages; i++) {
					operations.convertAndSend("", QUEUE, work);
				}
				operations.waitForConfirmsOrDie(TimeUnit.MINUTES.toMillis(10));
				return null;
			});
			measurement.start();
			application.getBean(RabbitListenerEndpointRegistry.class).start();
			listener.await();
			measurement.stop();
			stopAndDelete(application);
			return measurement.rate(messages);
		}
	}

	private void publish(RabbitTemplate template, Work work, ConfirmWindow window, BooleanSupplier running)
			throws Exception {
		if (this.publishing == Publishing.BOOT_DEFAULTS) {
			while (running.getAsBoolean()) {
				window.acquire();
				CorrelationData correlation = new CorrelationData();
				template.convertAndSend("", QUEUE, work, correlation);
				correlation.getFuture()
					.whenComplete((confirm, ex) -> window.completed(confirm, (ex != null) ? ex
							: confirm.ack() ? null : new IllegalStateException("Nacked: " + confirm.reason())));
			}
			return;
		}
		boolean routed = this.publishing == Publishing.ONE_CHANNEL_MMATE_TOPIC
				|| this.publishing == Publishing.ONE_CHANNEL_MMATE_ROUTE;
		Message wire = switch (this.publishing) {
			case ONE_CHANNEL_MMATE_WIRE, ONE_CHANNEL_MMATE_TOPIC, ONE_CHANNEL_MMATE_ROUTE -> mmateWire(work);
			case ONE_CHANNEL_MMATE_BODY -> bodyOnly(mmateWire(work));
			default -> null;
		};
		template.setMandatory(this.publishing == Publishing.ONE_CHANNEL_MMATE_ROUTE);
		// One channel for the run; its confirms free the window as they arrive, as PerfTest's do.
		template.invoke((operations) -> {
			while (running.getAsBoolean()) {
				acquire(window);
				window.sent(operations.execute(Channel::getNextPublishSeqNo));
				if (routed) {
					operations.send(COMMANDS, MMATE_ROUTING_KEY, wire);
				}
				else if (wire != null) {
					operations.send("", QUEUE, wire);
				}
				else {
					operations.convertAndSend("", QUEUE, work);
				}
			}
			operations.waitForConfirmsOrDie(TimeUnit.MINUTES.toMillis(1));
			return null;
		}, window::acked, window::nacked);
	}

	private static void acquire(ConfirmWindow window) {
		try {
			window.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while publishing", ex);
		}
	}

	private ConfigurableApplicationContext start(Listener listener) {
		return new SpringApplicationBuilder(PlainApplication.class).profiles("plain-spring-amqp")
			.properties("spring.rabbitmq.host=127.0.0.1",
					"spring.rabbitmq.publisher-confirm-type="
							+ ((this.publishing != Publishing.BOOT_DEFAULTS) ? "simple" : "correlated"),
					"spring.rabbitmq.listener.simple.prefetch=" + PREFETCH,
					"spring.rabbitmq.listener.simple.auto-startup=false", "spring.main.web-application-type=none",
					"spring.main.banner-mode=off", "logging.level.root=warn")
			.initializers((context) -> ((GenericApplicationContext) context).registerBean("listener", Listener.class,
					() -> listener))
			.run();
	}

	/**
	 * The size of the body Mmate sends for a command with a payload of the given size.
	 * @param payloadSize the size of the application payload in bytes
	 * @return the size of the encoded envelope in bytes
	 */
	static int mmateBodySize(int payloadSize) {
		return mmateWire(new Work(Payloads.text(payloadSize))).getBody().length;
	}

	private static Message mmateWire(Work work) {
		EnvelopeCodec codec = new EnvelopeCodec(JsonMapper.builder().build());
		return codec.encode(new OutboundEnvelope(UUID.randomUUID().toString(), "Work", MessageKind.COMMAND,
				Instant.now(), new MmateVariant.Work(work.data()), "mmate-bench-throughput", PublishOptions.defaults()));
	}

	private static Message bodyOnly(Message mmate) {
		MessageProperties properties = new MessageProperties();
		properties.setContentType(mmate.getMessageProperties().getContentType());
		properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
		return new Message(mmate.getBody(), properties);
	}

	private static void stopAndDelete(ConfigurableApplicationContext application) {
		application.getBean(RabbitListenerEndpointRegistry.class).stop();
		new RabbitAdmin(application.getBean(RabbitTemplate.class)).deleteQueue(QUEUE);
	}

	private enum Publishing {

		BOOT_DEFAULTS, ONE_CHANNEL, ONE_CHANNEL_MMATE_BODY, ONE_CHANNEL_MMATE_WIRE, ONE_CHANNEL_MMATE_TOPIC,
		ONE_CHANNEL_MMATE_ROUTE

	}

	/**
	 * The message every run sends.
	 * @param data the payload
	 */
	record Work(String data) {
	}

	/**
	 * The listener: counts the messages, and counts down those a drain awaits.
	 */
	static final class Listener {

		private final AtomicLong handled = new AtomicLong();

		private final CountDownLatch awaited;

		Listener(int awaited) {
			this.awaited = new CountDownLatch(awaited);
		}

		@RabbitListener(queues = QUEUE)
		void on(Work work) {
			this.handled.incrementAndGet();
			this.awaited.countDown();
		}

		long handled() {
			return this.handled.get();
		}

		void await() throws InterruptedException {
			if (!this.awaited.await(10, TimeUnit.MINUTES)) {
				throw new IllegalStateException(this.awaited.getCount() + " messages not handled in time");
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class PlainApplication {

		@Bean
		Queue benchQueue() {
			return new Queue(QUEUE, true);
		}

		@Bean
		TopicExchange commandsExchange() {
			return new TopicExchange(COMMANDS, true, false);
		}

		@Bean
		Binding benchCommands(Queue benchQueue, TopicExchange commandsExchange) {
			return BindingBuilder.bind(benchQueue).to(commandsExchange).with(MMATE_ROUTING_KEY);
		}

		@Bean
		MessageConverter jsonMessageConverter() {
			return new JacksonJsonMessageConverter();
		}

	}

}
