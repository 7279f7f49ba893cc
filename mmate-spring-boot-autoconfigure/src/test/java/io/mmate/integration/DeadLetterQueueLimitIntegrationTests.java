package io.mmate.integration;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mmate.Command;
import io.mmate.MessagePublisher;
import io.mmate.MessageRequester;
import io.mmate.MmateHandler;
import io.mmate.Reply;
import io.mmate.autoconfigure.MmateMetricsAutoConfiguration;
import io.mmate.testsupport.TestBroker;
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
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The length limit of dead-letter queues on a real broker: a full one refuses new dead letters, which wait and are
 * handled again later instead of going round in a loop, and a dead-letter queue that existed before the limit keeps
 * its arguments, so the service still starts.
 */
class DeadLetterQueueLimitIntegrationTests {

	private static final Duration ANSWER = Duration.ofSeconds(5);

	private final String service = IntegrationTestSupport.uniqueServiceName("dlq-limit-it");

	private final String deadLetterQueue = "dlq." + this.service + "-queue";

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	@Test
	void fullDeadLetterQueueRefusesNewDeadLettersWhichWaitInsteadOfLooping() {
		runner().withPropertyValues("mmate.dead-letter.max-length=3", "mmate.dead-letter.overflow-delay=1s")
			.run((context) -> {
				MessagePublisher publisher = context.getBean(MessagePublisher.class);
				for (int i = 0; i < 5; i++) {
					publisher.sendCommand(new Book("bad-" + i, null), this.service).get();
				}
				await().atMost(ANSWER).until(() -> refused(context) >= 2);
				assertThat(count(context)).isEqualTo(3);
				Bookings bookings = context.getBean(Bookings.class);
				int callsBefore = bookings.calls.size();
				TimeUnit.SECONDS.sleep(3);
				int callsIn3Seconds = bookings.calls.size() - callsBefore;
				System.out.printf("dead-letter queue full at 3: %d handler calls in 3 s for 2 refused dead letters "
						+ "waiting 1 s each time, %.0f refusals%n", callsIn3Seconds, refused(context));
				// Back to the queue at once, they would be handled thousands of times.
				assertThat(callsIn3Seconds).isLessThan(20);
				assertThat(context.getBean(MessageRequester.class)
					.request(new Book("good", "Ann"), this.service, Booked.class, ANSWER)
					.get(ANSWER.toMillis(), TimeUnit.MILLISECONDS)
					.name()).isEqualTo("good");
				new RabbitAdmin(rabbit(context)).purgeQueue(this.deadLetterQueue, false);
				// With room again, the waiting ones are dead-lettered when they come back.
				await().atMost(ANSWER).until(() -> count(context) == 2);
			});
	}

	@Test
	void deadLetterQueueThatExistedWithoutTheLimitIsKeptAndTheServiceStarts() {
		CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();
		try {
			RabbitAdmin admin = new RabbitAdmin(connectionFactory);
			admin.declareQueue(new Queue(this.deadLetterQueue));
			new RabbitTemplate(connectionFactory).send("", this.deadLetterQueue,
					new Message("an old dead letter".getBytes(), new MessageProperties()));
			runner().run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean(MessagePublisher.class).sendCommand(new Book("bad", null), this.service).get();
				await().atMost(ANSWER).until(() -> count(context) == 2);
			});
			admin.deleteQueue(this.deadLetterQueue);
			// With another limit, set by an earlier configuration, it is kept too.
			admin.declareQueue(new Queue(this.deadLetterQueue, true, false, false, Map.of("x-max-length", 7L)));
			runner().run((context) -> assertThat(context).hasNotFailed());
		}
		finally {
			connectionFactory.destroy();
		}
	}

	private ApplicationContextRunner runner() {
		return IntegrationTestSupport.runner()
			.withConfiguration(AutoConfigurations.of(MmateMetricsAutoConfiguration.class))
			.withPropertyValues("mmate.service-name=" + this.service)
			.withBean(SimpleMeterRegistry.class)
			.withBean(Bookings.class);
	}

	private long count(ApplicationContext context) {
		return new RabbitAdmin(rabbit(context)).getQueueInfo(this.deadLetterQueue).getMessageCount();
	}

	private static double refused(ApplicationContext context) {
		return context.getBean(MeterRegistry.class)
			.find("mmate.deadletters.refused")
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	private static RabbitTemplate rabbit(ApplicationContext context) {
		return context.getBean(RabbitTemplate.class);
	}

	record Book(String name, String guest) implements Command {
	}

	record Booked(boolean success, String name) implements Reply {
	}

	static class Bookings {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@MmateHandler
		Booked on(Book book) {
			this.calls.add(book.name());
			return new Booked(true, book.name() + book.guest().substring(book.guest().length()));
		}

	}

}
