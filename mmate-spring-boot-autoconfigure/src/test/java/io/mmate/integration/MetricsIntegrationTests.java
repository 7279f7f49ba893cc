package io.mmate.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import io.mmate.Command;
import io.mmate.MessageContext;
import io.mmate.MessagePublisher;
import io.mmate.MessageScheduler;
import io.mmate.MmateHandler;
import io.mmate.OutgoingMessage;
import io.mmate.PermanentFailureException;
import io.mmate.PublishInterceptor;
import io.mmate.PublishReceipt;
import io.mmate.autoconfigure.MmateMetricsAutoConfiguration;
import io.mmate.autoconfigure.MmateSchedulingAutoConfiguration;
import io.mmate.listener.DeliveryListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Meters and observations after known traffic on a real broker: exact counts per outcome, the trace context and
 * logging MDC a handler sees, and scheduled messages observed and intercepted like published ones.
 */
class MetricsIntegrationTests {

	// Dot-separated lowercase words: no hyphens, underscores or capitals (Micrometer's naming convention).
	private static final String MICROMETER_NAME = "[a-z0-9]+(\\.[a-z0-9]+)*";

	private final String service = IntegrationTestSupport.uniqueServiceName("metrics-it");

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	@Test
	void metersCountEveryOutcomeExactly() {
		runner().run((context) -> {
			MessagePublisher publisher = context.getBean(MessagePublisher.class);
			Worker worker = context.getBean(Worker.class);
			for (int i = 0; i < 3; i++) {
				publisher.sendCommand(new Work("ok-" + i), this.service).get();
			}
			worker.failuresLeft.put("flaky", new AtomicInteger(2));
			publisher.sendCommand(new Work("flaky"), this.service).get();
			publisher.sendCommand(new Work("invalid"), this.service).get();
			context.getBean(RabbitTemplate.class)
				.send("", this.service + "-queue", new Message("not json".getBytes(StandardCharsets.UTF_8),
						new MessageProperties()));
			assertThatException().isThrownBy(() -> publisher.sendCommand(new Work("x"), "nobody-" + this.service).get());
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> handled(meters, "success", "Work") == 4 && handled(meters, "dead-lettered", "Work") == 1
						&& handled(meters, "rejected", "unknown") == 1);
			assertThat(published(meters, "mmate.commands", "confirmed")).isEqualTo(5);
			assertThat(published(meters, "mmate.commands", "unroutable")).isEqualTo(1);
			String queue = this.service + "-queue";
			assertThat(meters.get("mmate.messages.retries")
				.tags("stage", "in-process", "mmate.message.type", "Work", "messaging.destination.name", queue)
				.counter()
				.count()).isEqualTo(2);
			assertThat(meters.get("mmate.deadletters").tags("reason", "handler-failed").counter().count())
				.isEqualTo(1);
			assertThat(meters.get("mmate.deadletters").tags("reason", "undecodable", "mmate.message.type", "unknown")
				.counter()
				.count()).isEqualTo(1);
			assertThat(meters.get("mmate.messages.active").tag("messaging.destination.name", queue).gauge().value())
				.isZero();
			assertThat(depth(meters, "dlq." + queue)).isEqualTo(2);
			assertThat(depth(meters, queue)).isZero();
			assertThat(depth(meters, "mmate.delay.unroutable")).isNotNaN();
			assertThat(meters.get("mmate.circuitbreaker.state")
				.tags("messaging.destination.name", queue, "state", "closed")
				.gauge()
				.value()).isOne();
			assertThat(meters.get("mmate.circuitbreaker.state")
				.tags("messaging.destination.name", queue, "state", "open")
				.gauge()
				.value()).isZero();
			assertThat(meters.get("mmate.messages.handled")
				.tags("messaging.operation", "process", "messaging.destination.name", queue)
				.timers()).isNotEmpty();
			assertThat(meters.get("mmate.messages.published").tags("messaging.operation", "publish").timers())
				.isNotEmpty();
			assertMeterNamesAndTagsFollowTheConventions(meters);
			System.out.printf("handled: success=%d dead-lettered=%d rejected=%d; published confirmed=%d unroutable=%d%n",
					handled(meters, "success", "Work"), handled(meters, "dead-lettered", "Work"),
					handled(meters, "rejected", "unknown"), published(meters, "mmate.commands", "confirmed"),
					published(meters, "mmate.commands", "unroutable"));
		});
	}

	@Test
	void traceContextTravelsInHeadersAndIdsAreInTheMdcWhileAHandlerRuns() {
		runner().run((context) -> {
			Worker worker = context.getBean(Worker.class);
			context.getBean(MessagePublisher.class).sendCommand(new Work("traced"), this.service).get();
			await().atMost(Duration.ofSeconds(10)).until(() -> !worker.seen.isEmpty());
			Map<String, String> seen = worker.seen.get(0);
			assertThat(seen.get("traceparent")).startsWith("00-").isEqualTo(seen.get("received-traceparent"));
			assertThat(seen.get("mdc-message-id")).isEqualTo(seen.get("message-id"));
		});
	}

	@Test
	void scheduledMessagesAreInterceptedAndObservedOnceAndCarryTheTraceContext() {
		runner().withConfiguration(AutoConfigurations.of(MmateSchedulingAutoConfiguration.class))
			.withBean(RecordingInterceptor.class)
			.run((context) -> {
				Worker worker = context.getBean(Worker.class);
				RecordingInterceptor interceptor = context.getBean(RecordingInterceptor.class);
				PublishReceipt receipt = context.getBean(MessageScheduler.class)
					.sendCommandWithDelay(new Work("traced-scheduled"), this.service, Duration.ofSeconds(1))
					.get(5, TimeUnit.SECONDS);
				await().atMost(Duration.ofSeconds(10)).until(() -> !worker.seen.isEmpty());
				Map<String, String> seen = worker.seen.get(0);
				assertThat(seen.get("message-id")).isEqualTo(receipt.messageId());
				assertThat(seen.get("traceparent")).startsWith("00-").isEqualTo(seen.get("received-traceparent"));
				assertThat(seen.get("intercepted")).isEqualTo("yes");
				// Seen once, when scheduled, with the exchange and routing key it is delivered to; not again when due.
				assertThat(interceptor.seen).singleElement().satisfies((message) -> {
					assertThat(message.exchange()).isEqualTo("mmate.commands");
					assertThat(message.routingKey()).isEqualTo("cmd." + this.service + ".Work");
				});
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.find("mmate.messages.published").tag("mmate.message.type", "Work").timers())
					.singleElement()
					.satisfies((timer) -> {
						assertThat(timer.count()).isOne();
						assertThat(timer.getId().getTag("messaging.destination.name")).isEqualTo("mmate.commands");
						assertThat(timer.getId().getTag("outcome")).isEqualTo("confirmed");
					});
			});
	}

	private ApplicationContextRunner runner() {
		return IntegrationTestSupport.runner()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, MmateMetricsAutoConfiguration.class))
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.retry.delays=",
					"mmate.retry.initial-backoff=1ms", "mmate.retry.jitter=0ms")
			.withUserConfiguration(Observability.class)
			.withBean(Worker.class);
	}

	private static long handled(MeterRegistry meters, String outcome, String type) {
		Timer timer = meters.find("mmate.messages.handled").tags("outcome", outcome, "mmate.message.type", type).timer();
		return (timer != null) ? timer.count() : 0;
	}

	private static long published(MeterRegistry meters, String exchange, String outcome) {
		Timer timer = meters.find("mmate.messages.published")
			.tags("messaging.destination.name", exchange, "outcome", outcome)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	private static double depth(MeterRegistry meters, String queue) {
		return meters.get("mmate.queue.depth").tag("messaging.destination.name", queue).gauge().value();
	}

	/**
	 * Every Mmate meter: named in dot-separated lowercase words (Micrometer's naming), tagged with
	 * {@code messaging.system=rabbitmq}, and with tag keys in dot-separated lowercase words too.
	 */
	private static void assertMeterNamesAndTagsFollowTheConventions(MeterRegistry meters) {
		List<Meter> mmate = meters.getMeters()
			.stream()
			.filter((meter) -> meter.getId().getName().startsWith("mmate."))
			.toList();
		assertThat(mmate).extracting((meter) -> meter.getId().getName())
			.contains("mmate.messages.published", "mmate.messages.handled", "mmate.messages.active",
					"mmate.messages.retries", "mmate.deadletters", "mmate.queue.depth", "mmate.circuitbreaker.state");
		assertThat(mmate).allSatisfy((meter) -> {
			Meter.Id id = meter.getId();
			assertThat(id.getName()).as("meter name").matches(MICROMETER_NAME);
			assertThat(id.getTag("messaging.system")).as("messaging.system of " + id).isEqualTo("rabbitmq");
			assertThat(id.getTags()).extracting(Tag::getKey).as("tag keys of " + id).allMatch(
					(key) -> key.matches(MICROMETER_NAME));
			assertThat(id.getTags()).extracting(Tag::getKey).as("tag keys of " + id)
				.doesNotContain("queue", "exchange", "type", "messaging.message.id");
		});
		System.out.printf("%d mmate meters follow the naming: %s%n", mmate.size(),
				mmate.stream().map((meter) -> meter.getId().getName()).distinct().sorted().toList());
	}

	record Work(String name) implements Command {
	}

	static class Worker {

		final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

		final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();

		@MmateHandler
		void on(Work work, MessageContext context) {
			if (work.name().equals("invalid")) {
				throw new PermanentFailureException("invalid work");
			}
			AtomicInteger failures = this.failuresLeft.get(work.name());
			if (failures != null && failures.getAndDecrement() > 0) {
				throw new IllegalStateException("not yet");
			}
			if (work.name().startsWith("traced")) {
				this.seen.add(Map.of("traceparent", String.valueOf(context.header("traceparent")),
						"received-traceparent", String.valueOf(FakeTracer.received),
						"mdc-message-id", String.valueOf(MDC.get(DeliveryListener.MDC_MESSAGE_ID)),
						"message-id", context.messageId(),
						"intercepted", String.valueOf(context.header(RecordingInterceptor.HEADER))));
			}
		}

	}

	/**
	 * Records the messages it lets through and marks them with a header.
	 */
	static class RecordingInterceptor implements PublishInterceptor {

		static final String HEADER = "x-test-intercepted";

		final List<OutgoingMessage> seen = new CopyOnWriteArrayList<>();

		@Override
		public CompletableFuture<PublishReceipt> intercept(OutgoingMessage message, Chain chain) {
			this.seen.add(message);
			return chain.proceed(message.withHeader(HEADER, "yes"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Observability {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		ObservationRegistry observationRegistry(MeterRegistry meters) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
			registry.observationConfig().observationHandler(new FakeTracer());
			return registry;
		}

	}

	/**
	 * Stands in for a tracer bridge: injects a W3C trace context on send and reads it back on receive.
	 */
	static class FakeTracer implements ObservationHandler<Observation.Context> {

		static volatile String received;

		@Override
		@SuppressWarnings("unchecked")
		public void onStart(Observation.Context context) {
			if (context instanceof SenderContext<?> sender) {
				((SenderContext<Object>) sender).getSetter()
					.set(sender.getCarrier(), "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
			}
			else if (context instanceof ReceiverContext<?> receiver) {
				received = ((ReceiverContext<Object>) receiver).getGetter().get(receiver.getCarrier(), "traceparent");
			}
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof SenderContext<?> || context instanceof ReceiverContext<?>;
		}

	}

}
