package io.mmate.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.mmate.BatchMessage;
import io.mmate.BatchResult;
import io.mmate.Command;
import io.mmate.MessagePublisher;
import io.mmate.MmateHandler;
import io.mmate.listener.ListenerContainerLifecycle;

import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Mmate as an application uses it: a service with an {@link MmateHandler} and a {@link MessagePublisher} sending
 * commands to it, each send returning a future completed by the broker's confirm.
 */
final class MmateVariant implements ThroughputVariant {

	private static final String SERVICE = "mmate-bench-throughput";

	private final boolean batch;

	private MmateVariant(boolean batch) {
		this.batch = batch;
	}

	/**
	 * Publishing with {@code sendCommand}, one future per message, all awaited at the end.
	 * @return the variant
	 */
	static MmateVariant perMessage() {
		return new MmateVariant(false);
	}

	/**
	 * Publishing with {@code publishBatch}.
	 * @return the variant
	 */
	static MmateVariant batch() {
		return new MmateVariant(true);
	}

	@Override
	public String name() {
		return this.batch ? "Mmate, publishBatch" : "Mmate, sendCommand per message";
	}

	@Override
	public double endToEnd(int messages, int payloadSize, Measurement measurement) throws Exception {
		Sink sink = new Sink(messages);
		try (ConfigurableApplicationContext service = start(sink)) {
			MessagePublisher publisher = service.getBean(MessagePublisher.class);
			Work work = new Work(Payloads.text(payloadSize));
			service.getBean(ListenerContainerLifecycle.class).start();
			measurement.start();
			publish(publisher, work, messages);
			sink.await();
			measurement.stop();
			deleteQueues(service);
			return measurement.rate(messages);
		}
	}

	@Override
	public double publishOnly(int messages, int payloadSize, Measurement measurement) throws Exception {
		try (ConfigurableApplicationContext service = start(new Sink(0))) {
			MessagePublisher publisher = service.getBean(MessagePublisher.class);
			Work work = new Work(Payloads.text(payloadSize));
			measurement.start();
			publish(publisher, work, messages);
			measurement.stop();
			deleteQueues(service);
			return measurement.rate(messages);
		}
	}

	@Override
	public double drain(int messages, int payloadSize, Measurement measurement) throws Exception {
		Sink sink = new Sink(messages);
		try (ConfigurableApplicationContext service = start(sink)) {
			publish(service.getBean(MessagePublisher.class), new Work(Payloads.text(payloadSize)), messages);
			measurement.start();
			service.getBean(ListenerContainerLifecycle.class).start();
			sink.await();
			measurement.stop();
			deleteQueues(service);
			return measurement.rate(messages);
		}
	}

	private void publish(MessagePublisher publisher, Work work, int messages) throws Exception {
		if (this.batch) {
			List<BatchMessage> batch = new ArrayList<>(messages);
			for (int i = 0; i < messages; i++) {
				batch.add(BatchMessage.command(work, SERVICE));
			}
			BatchResult result = publisher.publishBatch(batch).get(10, TimeUnit.MINUTES);
			if (!result.allConfirmed()) {
				throw new IllegalStateException(result.failures().size() + " messages of the batch failed");
			}
			return;
		}
		List<CompletableFuture<?>> confirms = new ArrayList<>(messages);
		for (int i = 0; i < messages; i++) {
			confirms.add(publisher.sendCommand(work, SERVICE));
		}
		CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
	}

	private static ConfigurableApplicationContext start(Sink sink) {
		return new SpringApplicationBuilder(ServiceApplication.class)
			.properties("mmate.service-name=" + SERVICE, "mmate.listener.prefetch=" + PREFETCH,
					"mmate.listener.auto-startup=false", "spring.main.web-application-type=none",
					"spring.main.banner-mode=off", "spring.rabbitmq.host=127.0.0.1", "logging.level.root=warn")
			.initializers((context) -> context.getBeanFactory().registerSingleton("sink", sink))
			.run();
	}

	private static void deleteQueues(ConfigurableApplicationContext service) {
		RabbitAdmin admin = new RabbitAdmin(service.getBean(RabbitTemplate.class));
		service.getBean(ListenerContainerLifecycle.class).stop();
		admin.deleteQueue(SERVICE + "-queue");
		admin.deleteQueue("dlq." + SERVICE + "-queue");
	}

	/**
	 * The command every run sends.
	 * @param data the payload
	 */
	record Work(String data) implements Command {
	}

	/**
	 * The handler: counts the messages down.
	 */
	static final class Sink {

		private final CountDownLatch handled;

		Sink(int messages) {
			this.handled = new CountDownLatch(messages);
		}

		@MmateHandler
		void on(Work work) {
			this.handled.countDown();
		}

		void await() throws InterruptedException {
			if (!this.handled.await(10, TimeUnit.MINUTES)) {
				throw new IllegalStateException(this.handled.getCount() + " messages not handled in time");
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ServiceApplication {

	}

}
