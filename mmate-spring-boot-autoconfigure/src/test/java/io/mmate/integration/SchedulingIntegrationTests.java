package io.mmate.integration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.MessageContext;
import io.mmate.MessageScheduler;
import io.mmate.MmateHandler;
import io.mmate.PublishException;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import io.mmate.Query;
import io.mmate.autoconfigure.MmateSchedulingAutoConfiguration;
import io.mmate.failure.DeadLetterHeaders;
import io.mmate.schedule.ScheduledHeaders;
import io.mmate.testsupport.NoOpTransactionManager;
import io.mmate.testsupport.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scheduled publishing on a real broker (TTL levels when it lacks the delayed-message plugin): due times are kept,
 * never early, every kind reaches its normal binding, a command nobody takes when due is dead-lettered, and a
 * surrounding transaction decides whether a message is scheduled at all.
 */
class SchedulingIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private final String service = IntegrationTestSupport.uniqueServiceName("schedule-it");

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	private ApplicationContextRunner runner() {
		return IntegrationTestSupport.runner()
			.withConfiguration(AutoConfigurations.of(MmateSchedulingAutoConfiguration.class))
			.withPropertyValues("mmate.service-name=" + this.service)
			.withUserConfiguration(ReceiverConfiguration.class);
	}

	@Test
	void eventScheduledThreeSecondsAheadArrivesBetweenThreeAndFourAndAHalfSeconds() {
		runner().run((context) -> {
			Receiver receiver = context.getBean(Receiver.class);
			Instant due = Instant.now().plusSeconds(3);
			long start = due.toEpochMilli() - 3000;
			PublishReceipt receipt = context.getBean(MessageScheduler.class)
				.scheduleEvent(new ScheduledReminder("r-3s"), due)
				.get(5, TimeUnit.SECONDS);
			long confirmed = System.currentTimeMillis() - start;
			assertThat(receipt.exchange()).isEqualTo("mmate.events");
			assertThat(receipt.routingKey()).isEqualTo("evt.r-3s.ScheduledReminder");
			Arrival arrival = await().atMost(TIMEOUT).until(() -> receiver.arrivals.get("r-3s"), Objects::nonNull);
			long elapsed = arrival.millis() - start;
			System.out.printf("scheduled at +3 s: confirmed after %d ms, arrived after %d ms%n", confirmed, elapsed);
			assertThat(confirmed).as("confirmed long before delivery").isLessThan(1000);
			assertThat(elapsed).isBetween(3000L, 4500L);
			assertThat(arrival.messageId()).isEqualTo(receipt.messageId());
		});
	}

	@Test
	void scheduledMessagesAreNeverEarlyAndPastDueTimesAreDeliveredAtOnce() {
		runner().run((context) -> {
			Receiver receiver = context.getBean(Receiver.class);
			MessageScheduler scheduler = context.getBean(MessageScheduler.class);
			Instant now = Instant.now();
			Map<String, Instant> due = new LinkedHashMap<>();
			due.put("past", now.minusSeconds(5));
			due.put("1s", now.plusSeconds(1));
			due.put("2.5s", now.plusMillis(2500));
			due.put("4s", now.plusSeconds(4));
			for (Map.Entry<String, Instant> entry : due.entrySet()) {
				scheduler.scheduleEvent(new ScheduledReminder(entry.getKey()), entry.getValue()).get(5, TimeUnit.SECONDS);
			}
			await().atMost(TIMEOUT).until(() -> receiver.arrivals.keySet().containsAll(due.keySet()));
			due.forEach((id, at) -> {
				long late = receiver.arrivals.get(id).millis() - at.toEpochMilli();
				System.out.printf("due %s: arrived %d ms after its due time%n", id, late);
				if (id.equals("past")) {
					assertThat(receiver.arrivals.get(id).millis() - now.toEpochMilli()).isLessThan(1500);
				}
				else {
					assertThat(late).as("%s never early", id).isNotNegative().isLessThan(1500);
				}
			});
		});
	}

	@Test
	void commandsEventsAndQueriesReachTheirNormalBindingsAfterTheDelay() {
		runner().run((context) -> {
			Receiver receiver = context.getBean(Receiver.class);
			MessageScheduler scheduler = context.getBean(MessageScheduler.class);
			long start = System.currentTimeMillis();
			Duration delay = Duration.ofSeconds(2);
			scheduler.sendCommandWithDelay(new ScheduledChase("c-1"), this.service, delay).get(5, TimeUnit.SECONDS);
			scheduler.publishEventWithDelay(new ScheduledReminder("e-1"), delay).get(5, TimeUnit.SECONDS);
			scheduler.sendQueryWithDelay(new ScheduledLookup("q-1"), delay, PublishOptions.defaults())
				.get(5, TimeUnit.SECONDS);
			// Its time to live counts from the due time: it would have expired in the delay queues otherwise.
			scheduler.scheduleEvent(new ScheduledReminder("ttl-1"), Instant.ofEpochMilli(start).plus(delay),
					PublishOptions.defaults().withTtl(Duration.ofMillis(500)).withCorrelationId("corr-1"))
				.get(5, TimeUnit.SECONDS);
			await().atMost(TIMEOUT)
				.until(() -> receiver.arrivals.keySet().containsAll(List.of("c-1", "e-1", "q-1", "ttl-1")));
			receiver.arrivals.forEach((id, arrival) -> {
				System.out.printf("%s arrived after %d ms%n", id, arrival.millis() - start);
				assertThat(arrival.millis() - start).isGreaterThanOrEqualTo(2000);
				assertThat(arrival.headers()).containsKey(ScheduledHeaders.SCHEDULED_FOR)
					.doesNotContainKeys(ScheduledHeaders.EXCHANGE, ScheduledHeaders.ROUTING_KEY,
							ScheduledHeaders.MANDATORY, ScheduledHeaders.EXPIRATION, "x-delay", "x-death");
			});
			assertThat(receiver.arrivals.get("c-1").kind()).isEqualTo("command");
			assertThat(receiver.arrivals.get("e-1").kind()).isEqualTo("event");
			assertThat(receiver.arrivals.get("q-1").kind()).isEqualTo("query");
			assertThat(receiver.arrivals.get("ttl-1").correlationId()).isEqualTo("corr-1");
		});
	}

	@Test
	void commandThatNoQueueTakesWhenDueIsDeadLetteredWithTheReason() {
		runner().run((context) -> {
			String nobody = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
			PublishReceipt receipt = context.getBean(MessageScheduler.class)
				.sendCommandWithDelay(new ScheduledChase("lost"), nobody, Duration.ofSeconds(1))
				.get(5, TimeUnit.SECONDS);
			CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();
			try {
				RabbitTemplate rabbit = new RabbitTemplate(connectionFactory);
				Message deadLetter = await().atMost(TIMEOUT)
					.until(() -> receiveById(rabbit, "dlq.mmate.delay.scheduled", receipt.messageId()), Objects::nonNull);
				Map<String, Object> headers = deadLetter.getMessageProperties().getHeaders();
				assertThat(headers).containsEntry(DeadLetterHeaders.REASON, "unroutable")
					.containsEntry(DeadLetterHeaders.ORIGINAL_EXCHANGE, "mmate.commands")
					.containsEntry(DeadLetterHeaders.ORIGINAL_ROUTING_KEY, "cmd." + nobody + ".ScheduledChase")
					.containsEntry(DeadLetterHeaders.ORIGINAL_QUEUE, "mmate.delay.scheduled");
			}
			finally {
				connectionFactory.destroy();
			}
		});
	}

	@Test
	void insideATransactionAMessageIsScheduledOnCommitAndNotOnRollback() {
		runner().run((context) -> {
			Receiver receiver = context.getBean(Receiver.class);
			MessageScheduler scheduler = context.getBean(MessageScheduler.class);
			TransactionTemplate transaction = new TransactionTemplate(new NoOpTransactionManager());
			List<CompletableFuture<PublishReceipt>> scheduled = new ArrayList<>();
			transaction.executeWithoutResult((status) -> {
				scheduled.add(scheduler.publishEventWithDelay(new ScheduledReminder("rolled-back"), Duration.ZERO));
				status.setRollbackOnly();
			});
			transaction.executeWithoutResult((status) -> {
				scheduled.add(scheduler.publishEventWithDelay(new ScheduledReminder("committed"), Duration.ZERO));
				assertThat(scheduled.get(1)).as("held back until the commit").isNotDone();
			});
			scheduled.get(1).get(5, TimeUnit.SECONDS);
			assertThat(scheduled.get(0)).failsWithin(Duration.ofSeconds(5))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(PublishException.class)
				.withMessageContaining("did not commit");
			await().atMost(TIMEOUT).until(() -> receiver.arrivals.containsKey("committed"));
			assertThat(receiver.arrivals).doesNotContainKey("rolled-back");
		});
	}

	private static Message receiveById(RabbitTemplate rabbit, String queue, String messageId) {
		Message message;
		while ((message = rabbit.receive(queue, 200)) != null) {
			if (messageId.equals(message.getMessageProperties().getMessageId())) {
				return message;
			}
		}
		return null;
	}

	record ScheduledReminder(String ref) implements Event {

		@Override
		public String aggregateId() {
			return this.ref;
		}

	}

	record ScheduledChase(String ref) implements Command {
	}

	record ScheduledLookup(String ref) implements Query {
	}

	record Arrival(long millis, String messageId, String kind, String correlationId, Map<String, Object> headers) {

		static Arrival of(MessageContext context) {
			return new Arrival(System.currentTimeMillis(), context.messageId(), context.header("x-message-kind"),
					context.correlationId(), new HashMap<>(context.headers()));
		}

	}

	static class Receiver {

		final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();

		@MmateHandler
		void on(ScheduledReminder reminder, MessageContext context) {
			this.arrivals.put(reminder.ref(), Arrival.of(context));
		}

		@MmateHandler
		void on(ScheduledChase chase, MessageContext context) {
			this.arrivals.put(chase.ref(), Arrival.of(context));
		}

		@MmateHandler
		void on(ScheduledLookup lookup, MessageContext context) {
			this.arrivals.put(lookup.ref(), Arrival.of(context));
		}

	}


	@Configuration(proxyBeanMethods = false)
	static class ReceiverConfiguration {

		@Bean
		Receiver receiver() {
			return new Receiver();
		}

	}

}
