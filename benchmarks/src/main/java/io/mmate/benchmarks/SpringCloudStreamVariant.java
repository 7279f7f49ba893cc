package io.mmate.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Spring Cloud Stream with the RabbitMQ binder, used the way its documentation shows: a {@link Consumer} function
 * bound to a destination and a consumer group, which consumes from the durable queue {@code {destination}.{group}}
 * and acknowledges each message after the function has returned, and {@link StreamBridge} for publishing, with the
 * publisher confirm of each message awaited through the {@link CorrelationData} in its
 * {@link AmqpHeaders#PUBLISH_CONFIRM_CORRELATION} header ({@code useConfirmHeader}), at most
 * {@value ThroughputVariant#UNCONFIRMED} unconfirmed at a time as with the other variants.
 * <p>
 * Every run starts a Spring application context of its own, with the {@code spring-cloud-stream} profile, and closes
 * it at the end: the binder's infrastructure exists only while the run lasts, and the auto-configuration of Spring
 * Cloud Stream, which {@code application.yml} excludes from every other context, only there.
 */
final class SpringCloudStreamVariant implements ThroughputVariant {

	private static final String DESTINATION = "mmate.bench.scs";

	private static final String GROUP = "bench";

	private static final String QUEUE = DESTINATION + "." + GROUP;

	private static final String CONSUMER_BINDING = "benchIn-in-0";

	private static final String PRODUCER_BINDING = "benchOut-out-0";

	@Override
	public String name() {
		return "Spring Cloud Stream";
	}

	@Override
	public double steady(SteadyRate steady, int payloadSize, boolean consume, Measurement measurement)
			throws Exception {
		Received received = new Received();
		try (ConfigurableApplicationContext context = start(consume ? received : null)) {
			try {
				StreamBridge bridge = context.getBean(StreamBridge.class);
				Payload payload = new Payload(Payloads.text(payloadSize));
				SteadySession session = new SteadySession() {

					@Override
					public void publish(ConfirmWindow window, BooleanSupplier running) {
						SpringCloudStreamVariant.publish(bridge, payload, window, running);
					}

					@Override
					public long consumed() {
						return received.handled.get();
					}

				};
				return session.run(steady, consume, measurement);
			}
			finally {
				if (consume) {
					// Stopped first: a consumer whose queue is deleted would declare it again.
					context.getBean(BindingsLifecycleController.class).stop(CONSUMER_BINDING);
				}
				delete(context);
			}
		}
	}

	/**
	 * Send messages until told to stop, each confirm, which the binder completes as it arrives, freeing the window.
	 * @param bridge the producer
	 * @param payload the payload of every message
	 * @param window the unconfirmed messages allowed
	 * @param running whether to go on
	 */
	private static void publish(StreamBridge bridge, Payload payload, ConfirmWindow window, BooleanSupplier running) {
		try {
			while (running.getAsBoolean()) {
				window.acquire();
				CorrelationData correlation = new CorrelationData();
				boolean sent = bridge.send(PRODUCER_BINDING, MessageBuilder.withPayload(payload)
					.setHeader(AmqpHeaders.PUBLISH_CONFIRM_CORRELATION, correlation)
					.build());
				if (!sent) {
					throw new IllegalStateException("A message was not sent");
				}
				correlation.getFuture()
					.whenComplete((confirm, ex) -> window.completed(confirm, (ex != null) ? ex
							: confirm.ack() ? null : new IllegalStateException("Nacked: " + confirm.reason())));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Start a context with the producer binding and, when messages are to be consumed, the consumer binding.
	 * @param received what the consumer counts the handled messages on, or {@code null} for no consumer
	 * @param extraProperties more properties
	 * @return the started context
	 */
	private static ConfigurableApplicationContext start(Received received, String... extraProperties) {
		List<Class<?>> sources = new ArrayList<>(List.of(StreamApplication.class));
		List<String> properties = new ArrayList<>(List.of("spring.main.web-application-type=none",
				"spring.main.banner-mode=off",
				"spring.rabbitmq.publisher-confirm-type=correlated",
				"spring.cloud.stream.output-bindings=benchOut",
				"spring.cloud.stream.bindings." + PRODUCER_BINDING + ".destination=" + DESTINATION,
				// The queue of the group exists, and takes the messages, also while nothing consumes.
				"spring.cloud.stream.bindings." + PRODUCER_BINDING + ".producer.required-groups=" + GROUP,
				"spring.cloud.stream.rabbit.bindings." + PRODUCER_BINDING + ".producer.use-confirm-header=true"));
		if (received != null) {
			sources.add(ConsumerFunction.class);
			properties.addAll(List.of("spring.cloud.function.definition=benchIn",
					"spring.cloud.stream.bindings." + CONSUMER_BINDING + ".destination=" + DESTINATION,
					"spring.cloud.stream.bindings." + CONSUMER_BINDING + ".group=" + GROUP,
					"spring.cloud.stream.rabbit.bindings." + CONSUMER_BINDING + ".consumer.prefetch=" + PREFETCH));
		}
		properties.addAll(List.of(extraProperties));
		return new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)).profiles("spring-cloud-stream")
			.properties(properties.toArray(String[]::new))
			.initializers((context) -> {
				if (received != null) {
					context.getBeanFactory().registerSingleton("received", received);
				}
			})
			.run();
	}

	private static void delete(ConfigurableApplicationContext context) {
		RabbitAdmin admin = new RabbitAdmin(context.getBean(ConnectionFactory.class));
		admin.deleteQueue(QUEUE);
		admin.deleteExchange(DESTINATION);
	}

	/**
	 * The JSON payload of every message.
	 * @param data the characters that make up the payload size
	 */
	record Payload(String data) {
	}

	/**
	 * Counts the messages the consumer function has handled.
	 */
	static final class Received {

		final AtomicLong handled = new AtomicLong();

	}

	/**
	 * The application of each run. Its auto-configuration is that of the {@code spring-cloud-stream} profile, which
	 * includes the binder's and leaves out Mmate's. Not a {@code @Configuration}, so that the benchmark application's
	 * component scan leaves it out.
	 */
	@EnableAutoConfiguration
	static class StreamApplication {

	}

	/**
	 * The consumer function, whose input binding is {@code benchIn-in-0}.
	 */
	static class ConsumerFunction {

		@Bean
		Consumer<Payload> benchIn(Received received) {
			return (payload) -> received.handled.incrementAndGet();
		}

	}

}
