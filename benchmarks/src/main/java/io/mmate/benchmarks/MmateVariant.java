package io.mmate.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

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
 * commands to it, each send returning a future completed by the broker's confirm (or a batch of them at a time).
 */
final class MmateVariant implements ThroughputVariant {

	static final String SERVICE = "mmate-bench-throughput";

	private final String name;

	private final boolean batch;

	private final String[] properties;

	private MmateVariant(String name, boolean batch, String... properties) {
		this.name = name;
		this.batch = batch;
		this.properties = properties;
	}

	/**
	 * Publishing with {@code sendCommand}, one future per message.
	 * @return the variant
	 */
	static MmateVariant perMessage() {
		return new MmateVariant("Mmate, sendCommand per message", false);
	}

	/**
	 * Publishing with {@code sendCommand}, one future per message, with only the message type and kind in the AMQP
	 * header table ({@code mmate.publisher.header-table=minimal}).
	 * @return the variant
	 */
	static MmateVariant perMessageMinimalHeaders() {
		return new MmateVariant("Mmate, sendCommand per message, minimal header table", false,
				"mmate.publisher.header-table=minimal");
	}

	/**
	 * Publishing with {@code publishBatch}, a batch of {@value ThroughputVariant#UNCONFIRMED} at a time.
	 * @return the variant
	 */
	static MmateVariant batch() {
		return new MmateVariant("Mmate, publishBatch of " + UNCONFIRMED, true);
	}

	/**
	 * Publishing with {@code sendCommand} to a quorum service queue on a cluster.
	 * @param addresses the cluster's addresses
	 * @return the variant
	 */
	static MmateVariant onCluster(String addresses) {
		return new MmateVariant("Mmate, sendCommand per message", false, "mmate.queue.type=quorum",
				"spring.rabbitmq.addresses=" + addresses);
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public double steady(SteadyRate steady, int payloadSize, boolean consume, Measurement measurement)
			throws Exception {
		Sink sink = new Sink(0);
		try (ConfigurableApplicationContext service = start(sink)) {
			MessagePublisher publisher = service.getBean(MessagePublisher.class);
			Work work = new Work(Payloads.text(payloadSize));
			if (consume) {
				service.getBean(ListenerContainerLifecycle.class).start();
			}
			SteadySession session = new SteadySession() {

				@Override
				public void publish(ConfirmWindow window, BooleanSupplier running) throws Exception {
					while (running.getAsBoolean()) {
						if (MmateVariant.this.batch) {
							publishBatch(publisher, work, window.size());
							window.confirmedAtOnce(window.size());
						}
						else {
							window.acquire();
							publisher.sendCommand(work, SERVICE).whenComplete(window::completed);
						}
					}
				}

				@Override
				public long consumed() {
					return sink.handled();
				}

			};
			double rate = session.run(steady, consume, measurement);
			deleteQueues(service);
			return rate;
		}
	}

	@Override
	public double drain(int messages, int payloadSize, Measurement measurement) throws Exception {
		Sink sink = new Sink(messages);
		try (ConfigurableApplicationContext service = start(sink)) {
			MessagePublisher publisher = service.getBean(MessagePublisher.class);
			Work work = new Work(Payloads.text(payloadSize));
			List<CompletableFuture<?>> confirms = new ArrayList<>(messages);
			for (int i = 0; i < messages; i++) {
				confirms.add(publisher.sendCommand(work, SERVICE));
			}
			CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
			measurement.start();
			service.getBean(ListenerContainerLifecycle.class).start();
			sink.await();
			measurement.stop();
			deleteQueues(service);
			return measurement.rate(messages);
		}
	}

	private static void publishBatch(MessagePublisher publisher, Work work, int messages) throws Exception {
		List<BatchMessage> batch = new ArrayList<>(messages);
		for (int i = 0; i < messages; i++) {
			batch.add(BatchMessage.command(work, SERVICE));
		}
		BatchResult result = publisher.publishBatch(batch).get(1, TimeUnit.MINUTES);
		if (!result.allConfirmed()) {
			throw new IllegalStateException(result.failures().size() + " messages of the batch failed");
		}
	}

	private ConfigurableApplicationContext start(Sink sink) {
		List<String> properties = new ArrayList<>(List.of("mmate.service-name=" + SERVICE,
				"mmate.listener.prefetch=" + PREFETCH, "mmate.listener.auto-startup=false",
				"spring.main.web-application-type=none", "spring.main.banner-mode=off", "spring.rabbitmq.host=127.0.0.1",
				"logging.level.root=warn"));
		properties.addAll(List.of(this.properties));
		return new SpringApplicationBuilder(ServiceApplication.class).properties(properties.toArray(String[]::new))
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
	 * The handler: counts the messages, and counts down those a drain awaits.
	 */
	static final class Sink {

		private final AtomicLong handled = new AtomicLong();

		private final CountDownLatch awaited;

		Sink(int awaited) {
			this.awaited = new CountDownLatch(awaited);
		}

		@MmateHandler
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
	static class ServiceApplication {

	}

}
