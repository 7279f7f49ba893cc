package io.mmate.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import io.mmate.Message;
import io.mmate.MessageKind;
import io.mmate.PublishOptions;
import io.mmate.autoconfigure.MmateAutoConfiguration;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.OutboundEnvelope;
import io.mmate.failure.DeadLetterHeaders;
import io.mmate.envelope.InboundEnvelope;
import io.mmate.test.WorkMessages.CheckedWork;
import io.mmate.test.WorkMessages.GetWork;
import io.mmate.test.WorkMessages.RemindWork;
import io.mmate.test.WorkMessages.Work;
import io.mmate.testsupport.TestBroker;
import io.mmate.topology.Exchanges;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The harness settles each kind of failure as the broker-backed pipeline does. Every test sends the same AMQP
 * message (same bytes, same headers, same exchange and routing key) to the same handlers twice: once through a real
 * broker (the local one on 127.0.0.1:5672, else Testcontainers), once through the harness; and compares what became
 * of it in the end: handled, or dead-lettered with the same reason, attempts and redeliveries; and for a query, the
 * reply or error reply, field for field.
 */
class HarnessParityIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String[] SETTINGS = { "mmate.retry.max-attempts=2", "mmate.retry.initial-backoff=1ms",
			"mmate.retry.jitter=0ms", "mmate.retry.delays=1s" };

	private final String service = "harness-parity-" + UUID.randomUUID().toString().substring(0, 8);

	private final String queue = this.service + "-queue";

	private final EnvelopeCodec codec = new EnvelopeCodec(JsonMapper.builder().build());

	@AfterEach
	void deleteQueues() {
		CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();
		try {
			RabbitAdmin admin = new RabbitAdmin(connectionFactory);
			admin.deleteQueue(this.queue);
			admin.deleteQueue("dlq." + this.queue);
		}
		finally {
			connectionFactory.destroy();
		}
	}

	@Test
	void aHandledCommandIsAcknowledged() {
		Sent work = command(new Work("ok"));
		assertSameSettlement(work, (handlers) -> {
		}, new Observed("handled", null, null, null));
	}

	@Test
	void aPermanentFailureIsDeadLetteredAtOnce() {
		assertSameSettlement(command(new Work("permanent")), (handlers) -> handlers.permanent.set(true),
				new Observed("dead-letter", "handler-failed", 1L, null));
	}

	@Test
	void aTransientFailureThatExhaustsItsRetriesIsDeadLetteredAfterItsRedeliveries() {
		assertSameSettlement(command(new Work("transient")),
				(handlers) -> handlers.failuresLeft.set(Integer.MAX_VALUE),
				new Observed("dead-letter", "handler-failed", 4L, 1L));
	}

	@Test
	void aPayloadThatBreaksItsConstraintsIsDeadLetteredAsInvalid() {
		assertSameSettlement(command(new CheckedWork(" ")), (handlers) -> {
		}, new Observed("dead-letter", "validation-failed", 1L, null));
	}

	@Test
	void aMessageOfATypeWithoutHandlerIsDeadLetteredAsNoHandler() {
		assertSameSettlement(straightToQueue(encode(new RemindWork("nobody"), MessageKind.COMMAND)), (handlers) -> {
		}, new Observed("dead-letter", "no-handler", 1L, null));
	}

	@Test
	void anUndecodableBodyIsDeadLetteredAsUndecodable() {
		MessageProperties properties = new MessageProperties();
		properties.setMessageId(UUID.randomUUID().toString());
		assertSameSettlement(straightToQueue(new org.springframework.amqp.core.Message(
				"not json".getBytes(StandardCharsets.UTF_8), properties)), (handlers) -> {
				}, new Observed("dead-letter", "undecodable", 1L, null));
	}

	@Test
	void anEventForACommandHandlerIsDeadLetteredAsAKindMismatch() {
		// An envelope that says it is an event, of the type a command handler handles.
		org.springframework.amqp.core.Message event = encode(new Work("wrong-kind"), MessageKind.COMMAND);
		String body = new String(event.getBody(), StandardCharsets.UTF_8).replace("\"command\"", "\"event\"");
		event.getMessageProperties().setHeader("x-message-kind", "event");
		assertThat(body).contains("\"event\"");
		assertSameSettlement(straightToQueue(new org.springframework.amqp.core.Message(
				body.getBytes(StandardCharsets.UTF_8), event.getMessageProperties())), (handlers) -> {
				}, new Observed("dead-letter", "kind-mismatch", 1L, null));
	}

	@Test
	void aQueryIsAnsweredWithTheSameReply() {
		assertSameReply((handlers) -> {
		}, new Observed("handled", null, null, null), "{\"name\":\"q-1\",\"status\":\"DONE\",\"success\":true}");
	}

	@Test
	void aFailedQueryIsDeadLetteredAndAnsweredWithTheSameErrorReply() {
		assertSameReply((handlers) -> handlers.permanent.set(true),
				new Observed("dead-letter", "handler-failed", 1L, null),
				"{\"error\":\"no work 'q-1'\",\"errorCode\":\"HANDLER_FAILED\",\"errorMessage\":\"no work 'q-1'\","
						+ "\"success\":false}");
	}

	private void assertSameReply(Consumer<WorkHandlers> setUp, Observed expected, String expectedPayload) {
		String replyQueue = "bridge.reply." + this.service;
		CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();
		try {
			RabbitAdmin admin = new RabbitAdmin(connectionFactory);
			admin.declareQueue(new Queue(replyQueue, false, false, true));
			Sent query = new Sent(Exchanges.QUERIES, "qry.GetWork", this.codec.encode(new OutboundEnvelope(
					UUID.randomUUID().toString(), "GetWork", MessageKind.QUERY, Instant.now(), new GetWork("q-1"),
					null, PublishOptions.defaults().withReplyTo(replyQueue).withCorrelationId("c-1"))));
			RecordedMessage[] harnessReply = new RecordedMessage[1];
			assertSameSettlement(query, setUp, expected, (result) -> harnessReply[0] = result.reply());
			org.springframework.amqp.core.Message brokerReply = new RabbitTemplate(connectionFactory)
				.receive(replyQueue, TIMEOUT.toMillis());
			assertThat(brokerReply).isNotNull();
			InboundEnvelope onBroker = this.codec.decode(brokerReply);
			assertThat(harnessReply[0]).isNotNull();
			System.out.printf("reply: broker %s %s, harness %s %s%n", onBroker.type(), onBroker.payload(),
					harnessReply[0].type(), harnessReply[0].payload());
			assertThat(harnessReply[0].type()).isEqualTo(onBroker.type()).isEqualTo("WorkReply");
			assertThat(harnessReply[0].correlationId()).isEqualTo(onBroker.correlationId()).isEqualTo("c-1");
			assertThat(harnessReply[0].routingKey()).isEqualTo(replyQueue);
			assertThat(harnessReply[0].payload()).isEqualTo(onBroker.payload());
			assertThat(onBroker.payload().toString()).isEqualTo(expectedPayload);
		}
		finally {
			new RabbitAdmin(connectionFactory).deleteQueue(replyQueue);
			connectionFactory.destroy();
		}
	}

	private void assertSameSettlement(Sent sent, Consumer<WorkHandlers> setUp, Observed expected) {
		assertSameSettlement(sent, setUp, expected, (result) -> {
		});
	}

	private void assertSameSettlement(Sent sent, Consumer<WorkHandlers> setUp, Observed expected,
			Consumer<HandlingResult> last) {
		Observed onBroker = onBroker(sent, setUp);
		Observed inHarness = inHarness(sent, setUp, last);
		System.out.printf("%s: broker %s, harness %s%n", sent.message().getMessageProperties().getMessageId(),
				onBroker, inHarness);
		assertThat(inHarness).isEqualTo(onBroker).isEqualTo(expected);
	}

	private Observed onBroker(Sent sent, Consumer<WorkHandlers> setUp) {
		Observed[] observed = new Observed[1];
		runner().withPropertyValues(TestBroker.springProperties()).run((context) -> {
			assertThat(context).hasNotFailed();
			WorkHandlers handlers = context.getBean(WorkHandlers.class);
			setUp.accept(handlers);
			RabbitTemplate rabbit = context.getBean(RabbitTemplate.class);
			rabbit.send(sent.exchange(), sent.routingKey(), sent.message());
			org.springframework.amqp.core.Message deadLetter;
			if (sent.expectsHandling(handlers)) {
				RabbitAdmin admin = new RabbitAdmin(rabbit);
				// A command's handler records it; a query's reply arrives in its reply queue.
				await().atMost(TIMEOUT)
					.until(() -> !handlers.handled.isEmpty() || replies(admin, "bridge.reply." + this.service) > 0);
				// Bounded: a dead letter would be there by now, since the handler was called once and returned.
				deadLetter = rabbit.receive("dlq." + this.queue, 1000);
			}
			else {
				deadLetter = rabbit.receive("dlq." + this.queue, TIMEOUT.toMillis());
			}
			observed[0] = (deadLetter != null) ? Observed.deadLetter(deadLetter.getMessageProperties())
					: new Observed("handled", null, null, null);
		});
		return observed[0];
	}

	private static long replies(RabbitAdmin admin, String queue) {
		QueueInformation information = admin.getQueueInfo(queue);
		return (information != null) ? information.getMessageCount() : 0;
	}

	private Observed inHarness(Sent sent, Consumer<WorkHandlers> setUp, Consumer<HandlingResult> last) {
		Observed[] observed = new Observed[1];
		runner().withPropertyValues(MmateTestProperties.ALL)
			.withPropertyValues("spring.rabbitmq.port=1")
			.withConfiguration(AutoConfigurations.of(MmateTestHarnessAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				setUp.accept(context.getBean(WorkHandlers.class));
				MmateTestHarness harness = context.getBean(MmateTestHarness.class);
				HandlingResult result = harness.deliver(sent.exchange(), sent.routingKey(), sent.message());
				while (result.isRedeliveredLater()) {
					List<HandlingResult> redelivered = harness.advance(result.redeliveryDelay());
					assertThat(redelivered).hasSize(1);
					result = redelivered.get(0);
				}
				last.accept(result);
				observed[0] = result.isHandled() ? new Observed("handled", null, null, null)
						: Observed.deadLetter(result.deadLetter().properties());
			});
		return observed[0];
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
					ValidationAutoConfiguration.class, MmateAutoConfiguration.class))
			.withPropertyValues("mmate.service-name=" + this.service)
			.withPropertyValues(SETTINGS)
			.withUserConfiguration(WorkHandlers.class);
	}

	private Sent command(Message command) {
		String type = command.getClass().getSimpleName();
		return new Sent(Exchanges.COMMANDS, "cmd." + this.service + "." + type, encode(command, MessageKind.COMMAND));
	}

	private Sent straightToQueue(org.springframework.amqp.core.Message message) {
		return new Sent("", this.queue, message);
	}

	private org.springframework.amqp.core.Message encode(Message message, MessageKind kind) {
		return this.codec.encode(new OutboundEnvelope(UUID.randomUUID().toString(),
				message.getClass().getSimpleName(), kind, Instant.now(), message, null, PublishOptions.defaults()));
	}

	/**
	 * One message as it is sent to both.
	 *
	 * @param exchange the exchange
	 * @param routingKey the routing key
	 * @param message the message
	 */
	record Sent(String exchange, String routingKey, org.springframework.amqp.core.Message message) {

		boolean expectsHandling(WorkHandlers handlers) {
			return !handlers.permanent.get() && handlers.failuresLeft.get() == 0
					&& !this.exchange.isEmpty() && !this.routingKey.endsWith(".CheckedWork");
		}

	}

	/**
	 * What became of the message in the end.
	 *
	 * @param settlement {@code handled} or {@code dead-letter}
	 * @param reason the dead letter's reason header
	 * @param attempts the dead letter's attempts header
	 * @param redeliveries the dead letter's redeliveries header
	 */
	record Observed(String settlement, String reason, Long attempts, Long redeliveries) {

		static Observed deadLetter(MessageProperties properties) {
			return new Observed("dead-letter", properties.getHeader(DeadLetterHeaders.REASON),
					properties.getHeader(DeadLetterHeaders.ATTEMPTS),
					properties.getHeader(DeadLetterHeaders.REDELIVERIES));
		}

	}

}
