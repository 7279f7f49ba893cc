package io.mmate.test.broker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.mmate.test.broker.BrokerTestApplication.Greeter;
import io.mmate.test.broker.BrokerTestApplication.GreetingReply;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * A {@link BrokerProbe} on a real broker: envelopes published as Go writes them reach the application's
 * {@code @MmateHandler} methods, a Go-style request gets its reply, and a queue's messages are read as envelopes. Runs
 * on the broker {@link MmateBrokerConfiguration} selects: Testcontainers where Docker answers, else 127.0.0.1:5672.
 */
@SpringBootTest(classes = BrokerTestApplication.class, properties = { "mmate.service-name=broker-test",
		"mmate.test.broker=local", "spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=1" })
@Import(MmateBrokerConfiguration.class)
class BrokerProbeIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	@Autowired
	private BrokerProbe probe;

	@Autowired
	private Greeter greeter;

	@Test
	void aGoCommandIsHandledByTheMmateHandler() {
		String name = "ada-" + UUID.randomUUID();
		this.probe.publish(GoEnvelope.command("GreetCommand", BrokerTestApplication.SERVICE, Map.of("name", name)));
		await().atMost(TIMEOUT).until(() -> this.greeter.greeted().contains(name + " from mmate-go"));
	}

	@Test
	void aGoEventIsHandledByTheMmateHandler() {
		String name = "grace-" + UUID.randomUUID();
		this.probe.publish(GoEnvelope.event("GreetedEvent", name, Map.of("name", name, "greeting", "Hi")));
		await().atMost(TIMEOUT).until(() -> this.greeter.heard().contains(name));
	}

	@Test
	void aGoQueryIsAnsweredOnTheReplyQueue() {
		ReceivedEnvelope reply = this.probe.request(GoEnvelope.query("FindGreetingQuery", Map.of("name", "Linus")),
				TIMEOUT);
		assertThat(reply.type()).isEqualTo("GreetingReply");
		assertThat(reply.kind()).isEqualTo("reply");
		assertThat(reply.headers()).containsEntry("x-success", "true").containsEntry("x-source", "mmate-java");
		assertThat(reply.payload().get("greeting").asString()).isEqualTo("Hello, Linus");
		assertThat(reply.payload(GreetingReply.class)).isEqualTo(new GreetingReply(true, "Hello, Linus"));
	}

	@Test
	void aReplyQueueReceivesTheReplyToItsCorrelationId() {
		try (TemporaryQueue replies = this.probe.declareReplyQueue()) {
			assertThat(replies.name()).matches("bridge\\.reply\\.[0-9a-f]{8}");
			this.probe.publish(GoEnvelope.query("FindGreetingQuery", Map.of("name", "Barbara"))
				.withCorrelationId("corr-1")
				.withReplyTo(replies.name()));
			ReceivedEnvelope reply = replies.awaitEnvelope(TIMEOUT);
			assertThat(reply.correlationId()).isEqualTo("corr-1");
			assertThat(reply.payload().get("greeting").asString()).isEqualTo("Hello, Barbara");
		}
	}

	@Test
	void theQueueReaderReadsWhatWasPublishedInOrderAsEnvelopes() {
		String aggregate = "reader-" + UUID.randomUUID();
		try (TemporaryQueue events = this.probe.declareQueueBoundTo("mmate.events", "evt." + aggregate + ".*")) {
			for (int sequence = 1; sequence <= 3; sequence++) {
				this.probe.publish(GoEnvelope.event("GreetedEvent", aggregate, Map.of("name", aggregate))
					.withSequence(sequence)
					.withHeader("x-test", "reader"));
			}
			List<ReceivedEnvelope> received = events.awaitEnvelopes(3, TIMEOUT);
			assertThat(received).extracting(ReceivedEnvelope::type).containsOnly("GreetedEvent");
			assertThat(received).extracting(ReceivedEnvelope::kind).containsOnly("event");
			assertThat(received).extracting((envelope) -> envelope.headers().get("x-sequence"))
				.containsExactly("1", "2", "3");
			assertThat(received).extracting((envelope) -> envelope.header("x-test")).containsOnly("reader");
			assertThat(received).extracting((envelope) -> envelope.payload().get("aggregateId").asString())
				.containsOnly(aggregate);
		}
	}

	@Test
	void theEventAHandlerPublishesIsReadFromABoundQueue() {
		String name = "edsger-" + UUID.randomUUID();
		try (TemporaryQueue events = this.probe.declareQueueBoundTo("mmate.events", "evt." + name + ".GreetedEvent")) {
			this.probe.publish(GoEnvelope.command("GreetCommand", BrokerTestApplication.SERVICE, Map.of("name", name)));
			ReceivedEnvelope event = events.awaitEnvelope(TIMEOUT);
			assertThat(event.type()).isEqualTo("GreetedEvent");
			assertThat(event.header("x-aggregate-id")).isEqualTo(name);
			assertThat(event.payload().get("greeting").asString()).isEqualTo("Hello, " + name);
		}
	}

	@Test
	void awaitingMoreMessagesThanArriveFailsWithinTheBound() {
		try (TemporaryQueue queue = this.probe.declareQueueBoundTo("mmate.events", "evt.nobody.Nothing")) {
			this.probe.publish(GoEnvelope.event("Nothing", "nobody", Map.of()));
			long started = System.nanoTime();
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> queue.awaitEnvelopes(2, Duration.ofMillis(500)))
				.withMessageContaining("Expected 2 message(s) on queue '" + queue.name() + "' within 500 ms, got 1")
				.withMessageContaining("Nothing");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		}
	}

	@Test
	void theMessageCountIsTheBrokers() {
		try (TemporaryQueue queue = this.probe.declareQueueBoundTo("mmate.events", "evt.counted.*")) {
			this.probe.publish(GoEnvelope.event("Counted", "counted", Map.of()));
			this.probe.publish(GoEnvelope.event("Counted", "counted", Map.of()));
			await().atMost(TIMEOUT).until(() -> this.probe.messageCount(queue.name()) == 2);
			this.probe.purge(queue.name());
			assertThat(this.probe.messageCount(queue.name())).isZero();
		}
		assertThatIllegalStateException().isThrownBy(() -> this.probe.messageCount("mmate.test.no-such-queue"))
			.withMessageContaining("No queue 'mmate.test.no-such-queue'");
	}

	@Test
	void aBodyThatIsNotAnEnvelopeIsStillRead() {
		try (TemporaryQueue queue = this.probe.declareReplyQueue()) {
			MessageProperties properties = new MessageProperties();
			properties.setHeader("x-reason", "poison");
			this.probe.send("", queue.name(),
					new Message("not json".getBytes(StandardCharsets.UTF_8), properties));
			ReceivedEnvelope poison = queue.awaitEnvelope(TIMEOUT);
			assertThat(poison.isEnvelope()).isFalse();
			assertThat(poison.type()).isNull();
			assertThat(poison.payload()).isNull();
			assertThat(poison.body()).asString().isEqualTo("not json");
			assertThat(poison.header("x-reason")).isEqualTo("poison");
		}
	}

}
