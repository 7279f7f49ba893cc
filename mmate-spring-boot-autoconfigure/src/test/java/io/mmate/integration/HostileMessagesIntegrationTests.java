package io.mmate.integration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mmate.Command;
import io.mmate.ErrorReplyException;
import io.mmate.MessagePublisher;
import io.mmate.MessageRequester;
import io.mmate.MmateHandler;
import io.mmate.PublishOptions;
import io.mmate.Query;
import io.mmate.Reply;
import io.mmate.autoconfigure.MmateMetricsAutoConfiguration;
import io.mmate.failure.DeadLetterHeaders;
import io.mmate.retry.CircuitBreaker;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
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
				assertThat(context.getBean(MeterRegistry.class).get("mmate.replies.refused").tag("reason", "not-allowed")
					.counter().count()).isOne();
			}
			finally {
				admin.deleteQueue(victim);
			}
		});
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
