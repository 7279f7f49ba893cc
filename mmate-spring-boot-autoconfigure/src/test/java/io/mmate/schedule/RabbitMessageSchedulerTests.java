package io.mmate.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import com.rabbitmq.client.AMQP;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.SenderContext;
import io.mmate.Command;
import io.mmate.OutgoingMessage;
import io.mmate.PublishInterceptor;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import io.mmate.delay.DelayMechanismSelector;
import io.mmate.delay.TtlLevelTopology;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.TypeRegistry;
import io.mmate.publish.PublisherSettings;
import io.mmate.publish.RabbitMessagePublisher;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RabbitMessageScheduler}: a scheduled message is the message a publish would write, intercepted and
 * observed as one, sent to the delay with its destination in control headers.
 */
class RabbitMessageSchedulerTests {

	private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

	private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	private final List<Sent> sent = new CopyOnWriteArrayList<>();

	private final List<OutgoingMessage> intercepted = new CopyOnWriteArrayList<>();

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final RabbitMessagePublisher publisher = new RabbitMessagePublisher(this::record,
			new EnvelopeCodec(JsonMapper.builder().build()), new TypeRegistry(), List.of(this::intercept),
			new PublisherSettings(Duration.ofSeconds(5), false, Duration.ofSeconds(5), false), this.clock,
			observations());

	private final RabbitMessageScheduler scheduler = new RabbitMessageScheduler(this.publisher, new TypeRegistry(),
			new DelayMechanismSelector(null, DelayMechanismSelector.Mode.TTL_LEVELS), this.clock);

	@Test
	void scheduledCommandIsThePublishedOneSentToTheDelayWithItsDestinationInControlHeaders() {
		PublishOptions options = PublishOptions.defaults()
			.withMessageId("id-1")
			.withCorrelationId("corr-1")
			.withTtl(Duration.ofMillis(500));
		this.publisher.sendCommand(new Chase("c-1"), "billing", options).join();
		PublishReceipt receipt = this.scheduler
			.scheduleCommand(new Chase("c-1"), "billing", NOW.plusMillis(3250), options)
			.join();
		assertThat(receipt).isEqualTo(new PublishReceipt("id-1", "mmate.commands", "cmd.billing.Chase"));
		assertThat(this.sent).hasSize(2);
		Sent published = this.sent.get(0);
		Sent scheduled = this.sent.get(1);
		assertThat(scheduled.exchange()).isEqualTo(TtlLevelTopology.CLASSIC.entryExchange());
		assertThat(scheduled.routingKey())
			.isEqualTo(TtlLevelTopology.routingKey(Duration.ofSeconds(4), SchedulingTopology.RELAY_QUEUE));
		assertThat(scheduled.mandatory()).isTrue();
		assertThat(scheduled.body()).isEqualTo(published.body());
		AMQP.BasicProperties properties = scheduled.properties();
		assertThat(properties.getExpiration()).as("from the due time on, not in the delay").isNull();
		assertThat(properties.getHeaders()).containsEntry(ScheduledHeaders.EXCHANGE, "mmate.commands")
			.containsEntry(ScheduledHeaders.ROUTING_KEY, "cmd.billing.Chase")
			.containsEntry(ScheduledHeaders.MANDATORY, "true")
			.containsEntry(ScheduledHeaders.EXPIRATION, "500")
			.containsEntry(ScheduledHeaders.SCHEDULED_FOR, "2026-01-02T03:04:08.250Z")
			.containsEntry("traceparent", TRACEPARENT);
		Map<String, Object> headers = new HashMap<>(properties.getHeaders());
		headers.keySet().removeIf((name) -> name.startsWith("x-mmate-scheduled-"));
		assertThat(headers).isEqualTo(published.properties().getHeaders());
		assertThat(properties.getMessageId()).isEqualTo(published.properties().getMessageId());
		assertThat(properties.getCorrelationId()).isEqualTo("corr-1");
		assertThat(properties.getTimestamp()).isEqualTo(published.properties().getTimestamp());
		assertThat(properties.getContentType()).isEqualTo(published.properties().getContentType());
		assertThat(properties.getDeliveryMode()).isEqualTo(published.properties().getDeliveryMode());
	}

	@Test
	void scheduledMessageIsInterceptedAndObservedWithTheExchangeItIsDeliveredTo() {
		this.scheduler.sendCommandWithDelay(new Chase("c-2"), "billing", Duration.ofSeconds(2)).join();
		assertThat(this.intercepted).singleElement().satisfies((message) -> {
			assertThat(message.exchange()).isEqualTo("mmate.commands");
			assertThat(message.routingKey()).isEqualTo("cmd.billing.Chase");
		});
		Timer timer = this.meters.get("mmate.messages.published")
			.tags("messaging.destination.name", "mmate.commands", "mmate.message.type", "Chase", "outcome", "confirmed")
			.timer();
		assertThat(timer.count()).isOne();
	}

	@Test
	void delayThatCannotBeUsedFailsTheFutureAndCountsAsAFailedPublish() {
		RabbitMessageScheduler withoutPlugin = new RabbitMessageScheduler(this.publisher, new TypeRegistry(),
				new DelayMechanismSelector(null, DelayMechanismSelector.Mode.PLUGIN), this.clock);
		assertThat(withoutPlugin.sendCommandWithDelay(new Chase("c-3"), "billing", Duration.ofSeconds(2)))
			.failsWithin(Duration.ofSeconds(1))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessageContaining("mmate.delay.mechanism=plugin");
		assertThat(this.sent).isEmpty();
		Timer timer = this.meters.get("mmate.messages.published")
			.tags("messaging.destination.name", "mmate.commands", "mmate.message.type", "Chase", "outcome", "failed")
			.timer();
		assertThat(timer.count()).isOne();
	}

	private CompletableFuture<PublishReceipt> record(String exchange, String routingKey, boolean mandatory,
			AMQP.BasicProperties properties, byte[] body, Duration confirmTimeout) {
		this.sent.add(new Sent(exchange, routingKey, mandatory, properties, body));
		return CompletableFuture.completedFuture(new PublishReceipt(properties.getMessageId(), exchange, routingKey));
	}

	private CompletableFuture<PublishReceipt> intercept(OutgoingMessage message, PublishInterceptor.Chain chain) {
		this.intercepted.add(message);
		return chain.proceed(message);
	}

	private ObservationRegistry observations() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(this.meters));
		registry.observationConfig().observationHandler(new InjectingTracer());
		return registry;
	}

	record Chase(String ref) implements Command {
	}

	record Sent(String exchange, String routingKey, boolean mandatory, AMQP.BasicProperties properties,
			byte[] body) {
	}

	/**
	 * Stands in for a tracer bridge: injects a W3C trace context on send.
	 */
	static class InjectingTracer implements ObservationHandler<SenderContext<Object>> {

		@Override
		public void onStart(SenderContext<Object> context) {
			context.getSetter().set(context.getCarrier(), "traceparent", TRACEPARENT);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof SenderContext<?>;
		}

	}

}
