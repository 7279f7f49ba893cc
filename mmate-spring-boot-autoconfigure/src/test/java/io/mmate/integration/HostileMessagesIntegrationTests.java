package io.mmate.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mmate.Command;
import io.mmate.ErrorReplyException;
import io.mmate.Event;
import io.mmate.MessagePublisher;
import io.mmate.MessageRequester;
import io.mmate.MmateHandler;
import io.mmate.PublishOptions;
import io.mmate.Query;
import io.mmate.Reply;
import io.mmate.autoconfigure.MmateMetricsAutoConfiguration;
import io.mmate.failure.DeadLetterHeaders;
import io.mmate.listener.ListenerContainerLifecycle;
import io.mmate.retry.CircuitBreaker;
import io.mmate.testsupport.TestBroker;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Messages sent to hurt a service, on a real broker: after each one the service still answers a valid command within
 * 5 s, and the hostile message ends where it does no harm.
 */
class HostileMessagesIntegrationTests {

	private static final Duration ANSWER = Duration.ofSeconds(5);

	private final String service = IntegrationTestSupport.uniqueServiceName("hostile-it");

	private final String queue = this.service + "-queue";

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	@Test
	void commandsThatFailOnTheirInputAreDeadLetteredAtOnceAndNeverPauseTheService() {
		runner().run((context) -> {
			MessagePublisher publisher = context.getBean(MessagePublisher.class);
			for (int i = 0; i < 12; i++) {
				// A missing field: the handler dereferences it (NullPointerException), or refuses it itself.
				String room = (i % 2 == 0) ? "room-" + i : "illegal-" + i;
				publisher.sendCommand(new Reserve(room, null), this.service).get();
				answersAValidCommand(context, i);
			}
			await().atMost(ANSWER).until(() -> deadLetterCount(context) == 12);
			Message first = rabbit(context).receive("dlq." + this.queue);
			assertThat((String) first.getMessageProperties().getHeader(DeadLetterHeaders.EXCEPTION_TYPE))
				.isEqualTo(NullPointerException.class.getName());
			Message second = rabbit(context).receive("dlq." + this.queue);
			assertThat((String) second.getMessageProperties().getHeader(DeadLetterHeaders.EXCEPTION_TYPE))
				.isEqualTo(IllegalArgumentException.class.getName());
			// Dead-lettered at the first attempt, without in-process retries or redeliveries.
			assertThat((Long) first.getMessageProperties().getHeader(DeadLetterHeaders.ATTEMPTS)).isEqualTo(1L);
			assertThat(context.getBean(Rooms.class).calls).hasSize(12 + 12);
			assertThat(context.getBean(CircuitBreaker.class).state()).isEqualTo(CircuitBreaker.State.CLOSED);
		});
	}

	@Test
	void payloadThatBreaksTheConstraintsOfAValidParameterIsRefusedWithItsFieldPaths() {
		runner().run((context) -> {
			MessageRequester requester = context.getBean(MessageRequester.class);
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> requester.request(new Stay("", 0), this.service, Reserved.class, ANSWER)
					.get(ANSWER.toMillis(), TimeUnit.MILLISECONDS))
				.havingCause()
				.isInstanceOfSatisfying(ErrorReplyException.class, (ex) -> {
					assertThat(ex.getErrorCode()).isEqualTo("VALIDATION_FAILED");
					assertThat(ex.getErrorMessage()).contains("guest: ", "nights: ");
				});
			assertThat(context.getBean(Rooms.class).calls).isEmpty();
			Message deadLetter = rabbit(context).receive("dlq." + this.queue, ANSWER.toMillis());
			assertThat(deadLetter).isNotNull();
			assertThat((String) deadLetter.getMessageProperties().getHeader(DeadLetterHeaders.REASON))
				.isEqualTo("validation-failed");
			answersAValidCommand(context, 0);
		});
	}

	@Test
	void queryWhoseReplyAddressIsAQueueOfTheServiceItselfIsAnsweredNowhere() {
		runner().run((context) -> {
			MessagePublisher publisher = context.getBean(MessagePublisher.class);
			String[] ownQueues = { this.queue, "dlq." + this.queue, this.queue + ".p3", "mmate.delay.scheduled" };
			for (int i = 0; i < ownQueues.length; i++) {
				publisher.sendQuery(new FindRoom("room-" + i), PublishOptions.defaults().withReplyTo(ownQueues[i]))
					.get();
				int refused = i + 1;
				await().atMost(ANSWER).until(() -> refusedReplies(context) == refused);
				answersAValidCommand(context, i);
			}
			assertThat(context.getBean(Rooms.class).calls).startsWith("find room-0", "valid-0", "find room-1");
			assertThat(deadLetterCount(context)).isZero();
			assertThat(new RabbitAdmin(rabbit(context)).getQueueInfo(this.queue).getMessageCount()).isZero();
		});
	}

	@Test
	void replyAddressOutsideTheAllowListIsRefused() {
		String victim = "victim-" + this.service;
		runner().withPropertyValues("mmate.replies.allowed-addresses=bridge.reply.*").run((context) -> {
			RabbitAdmin admin = new RabbitAdmin(rabbit(context));
			admin.declareQueue(new Queue(victim, false, false, true));
			try {
				context.getBean(MessagePublisher.class)
					.sendQuery(new FindRoom("room-1"), PublishOptions.defaults().withReplyTo(victim))
					.get();
				// The requester's own reply queue, bridge.reply.*, is allowed; its answer comes after the query's.
				answersAValidCommand(context, 0);
				assertThat(rabbit(context).receive(victim)).isNull();
				await().atMost(ANSWER).until(() -> refusedReplies(context) == 1);
				assertThat(context.getBean(MeterRegistry.class)
					.get("mmate.replies.refused")
					.tag("reason", "not-allowed")
					.counter()
					.count()).isOne();
			}
			finally {
				admin.deleteQueue(victim);
			}
		});
	}

	@Test
	void eventSentWithACommandsRoutingKeyDoesNotRunTheEventHandler() {
		runner().run((context) -> {
			String body = envelope("RoomReleased", "{\"roomId\":\"room-9\",\"aggregateId\":\"room-9\",\"sequence\":0}");
			rabbit(context).send("mmate.commands", "cmd." + this.service + ".Reserve", raw(body, "event", null));
			Message deadLetter = rabbit(context).receive("dlq." + this.queue, ANSWER.toMillis());
			assertThat(deadLetter).isNotNull();
			assertThat((String) deadLetter.getMessageProperties().getHeader(DeadLetterHeaders.REASON))
				.isEqualTo("kind-mismatch");
			assertThat((String) deadLetter.getMessageProperties().getHeader(DeadLetterHeaders.DESCRIPTION))
				.contains("'RoomReleased'", "an event", "'mmate.commands'", "'cmd." + this.service + ".Reserve'");
			answersAValidCommand(context, 0);
			assertThat(context.getBean(Rooms.class).calls).containsExactly("valid-0");
		});
	}

	@Test
	void querySentThroughTheEventsExchangeIsNotAnswered() {
		runner().run((context) -> {
			Queue replies = new RabbitAdmin(rabbit(context)).declareQueue();
			String body = envelope("FindRoom", "{\"roomId\":\"room-9\",\"replyTo\":\"" + replies.getName() + "\"}");
			rabbit(context).send("mmate.events", "evt.room-9.RoomReleased", raw(body, "query", null));
			Message reply = rabbit(context).receive(replies.getName(), ANSWER.toMillis());
			assertThat(reply).isNotNull();
			assertThat(new String(reply.getBody(), StandardCharsets.UTF_8)).contains("\"success\":false",
					"\"errorCode\":\"KIND_MISMATCH\"");
			answersAValidCommand(context, 0);
			assertThat(context.getBean(Rooms.class).calls).containsExactly("valid-0");
		});
	}

	@Test
	void messagePublishedStraightToTheQueueIsHandledOnlyWhenItsKindHeaderAgrees() {
		runner().run((context) -> {
			rabbit(context).send("", this.queue, raw(envelope("Reserve", "{\"roomId\":\"straight\",\"guest\":\"Bo\"}"),
					"command", null));
			rabbit(context).send("", this.queue, raw(envelope("Reserve", "{\"roomId\":\"no-kind\",\"guest\":\"Bo\"}"),
					null, null));
			Message deadLetter = rabbit(context).receive("dlq." + this.queue, ANSWER.toMillis());
			assertThat(deadLetter).isNotNull();
			assertThat((String) deadLetter.getMessageProperties().getHeader(DeadLetterHeaders.REASON))
				.isEqualTo("kind-mismatch");
			answersAValidCommand(context, 0);
			assertThat(context.getBean(Rooms.class).calls).containsExactly("straight", "valid-0");
		});
	}

	@Test
	void commandWithoutAKindHeaderThatCameBackUnacknowledgedIsHandledAfterItsCountedRequeue() {
		runner().withPropertyValues("mmate.listener.auto-startup=false").run((context) -> {
			rabbit(context).send("mmate.commands", "cmd." + this.service + ".Reserve",
					raw(envelope("Reserve", "{\"roomId\":\"crashed\",\"guest\":\"Bo\"}"), null, null));
			// A consumer takes it and dies before acknowledging it: the broker delivers it again, marked redelivered.
			CachingConnectionFactory crashing = TestBroker.connectionFactory();
			try {
				Channel channel = crashing.createConnection().createChannel(false);
				await().atMost(ANSWER).until(() -> channel.basicGet(this.queue, false) != null);
			}
			finally {
				crashing.destroy();
			}
			context.getBean("mmateListenerContainer", ListenerContainerLifecycle.class).start();
			await().atMost(ANSWER).until(() -> context.getBean(Rooms.class).calls.contains("crashed"));
			answersAValidCommand(context, 0);
			assertThat(deadLetterCount(context)).isZero();
		});
	}

	private static String envelope(String type, String payload) {
		return "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type
				+ "\",\"timestamp\":\"2025-07-08T10:31:00Z\",\"payload\":" + payload + "}";
	}

	private static Message raw(String body, String kind, String replyTo) {
		MessageProperties properties = new MessageProperties();
		properties.setContentType("application/json");
		if (kind != null) {
			properties.setHeader("x-message-kind", kind);
		}
		properties.setReplyTo(replyTo);
		return new Message(body.getBytes(StandardCharsets.UTF_8), properties);
	}

	private ApplicationContextRunner runner() {
		return IntegrationTestSupport.runner()
			.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class,
					MmateMetricsAutoConfiguration.class))
			.withPropertyValues("mmate.service-name=" + this.service)
			.withBean(SimpleMeterRegistry.class)
			.withBean(Rooms.class);
	}

	private static double refusedReplies(ApplicationContext context) {
		return context.getBean(MeterRegistry.class)
			.find("mmate.replies.refused")
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	private void answersAValidCommand(ApplicationContext context, int round) throws Exception {
		Reserved reply = context.getBean(MessageRequester.class)
			.request(new Reserve("valid-" + round, "Ann"), this.service, Reserved.class, ANSWER)
			.get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(reply.roomId()).isEqualTo("valid-" + round);
	}

	private long deadLetterCount(ApplicationContext context) {
		return new RabbitAdmin(rabbit(context)).getQueueInfo("dlq." + this.queue).getMessageCount();
	}

	private static RabbitTemplate rabbit(ApplicationContext context) {
		return context.getBean(RabbitTemplate.class);
	}

	record Reserve(String roomId, String guest) implements Command {
	}

	record Stay(@NotBlank String guest, @Positive int nights) implements Command {
	}

	record Reserved(boolean success, String roomId) implements Reply {
	}

	record FindRoom(String roomId) implements Query {
	}

	record RoomReleased(String roomId) implements Event {

		@Override
		public String aggregateId() {
			return this.roomId;
		}

	}

	static class Rooms {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@MmateHandler
		Reserved on(Reserve reserve) {
			this.calls.add(reserve.roomId());
			if (reserve.roomId().startsWith("illegal")) {
				throw new IllegalArgumentException("no guest for room " + reserve.roomId());
			}
			return new Reserved(true, reserve.roomId() + reserve.guest().trim().substring(reserve.guest().length()));
		}

		@MmateHandler
		void on(RoomReleased released) {
			this.calls.add("released " + released.roomId());
		}

		@MmateHandler
		Reserved on(FindRoom find) {
			this.calls.add("find " + find.roomId());
			return new Reserved(true, find.roomId());
		}

		@MmateHandler
		Reserved on(@Valid Stay stay) {
			this.calls.add("stay " + stay.guest());
			return new Reserved(true, stay.guest());
		}

	}

}
