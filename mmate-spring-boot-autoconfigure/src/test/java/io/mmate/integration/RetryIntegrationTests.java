package io.mmate.integration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.mmate.Command;
import io.mmate.MessageContext;
import io.mmate.MessagePublisher;
import io.mmate.MmateHandler;
import io.mmate.PermanentFailureException;
import io.mmate.failure.DeadLetterHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retries on a real broker: in-process attempts, delayed redeliveries through the broker, and the dead-letter queue
 * after exactly the configured attempts. Counts are printed for the record.
 */
class RetryIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final String service = IntegrationTestSupport.uniqueServiceName("retry-it");

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	@Test
	void transientFailuresThenSuccessHandleTheMessageOnce() {
		runner("mmate.retry.max-attempts=2", "mmate.retry.delays=1s,1s").run((context) -> {
			FlakyHandler handler = context.getBean(FlakyHandler.class);
			handler.failuresLeft.set(3);
			context.getBean(MessagePublisher.class).sendCommand(new Work("flaky"), this.service).get();
			await().atMost(TIMEOUT).until(() -> handler.handled.size() == 1);
			// Two in-process attempts, a redelivery after 1 s with two more: the fourth succeeds.
			assertThat(handler.attempts.get()).isEqualTo(4);
			assertThat(handler.handled).containsExactly("flaky redeliveries=1 attempts-before=2");
			System.out.printf("transient x3 then success: attempts=%d handled=%d dead-lettered=%d%n",
					handler.attempts.get(), handler.handled.size(), deadLetterCount(context));
			assertThat(deadLetterCount(context)).isZero();
		});
	}

	@Test
	void alwaysFailingMessageIsDeadLetteredAfterExactlyTheConfiguredAttempts() {
		runner("mmate.retry.max-attempts=2", "mmate.retry.delays=1s,2s").run((context) -> {
			FlakyHandler handler = context.getBean(FlakyHandler.class);
			handler.failuresLeft.set(Integer.MAX_VALUE);
			context.getBean(MessagePublisher.class).sendCommand(new Work("doomed"), this.service).get();
			Message deadLetter = context.getBean(RabbitTemplate.class).receive(deadLetterQueue(), TIMEOUT.toMillis());
			assertThat(deadLetter).isNotNull();
			MessageProperties headers = deadLetter.getMessageProperties();
			System.out.printf("always failing: attempts=%d dead-letter attempts header=%s redeliveries=%s%n",
					handler.attempts.get(), headers.getHeader(DeadLetterHeaders.ATTEMPTS),
					headers.getHeader(DeadLetterHeaders.REDELIVERIES));
			assertThat(handler.attempts.get()).isEqualTo(6);
			assertThat((Long) headers.getHeader(DeadLetterHeaders.ATTEMPTS)).isEqualTo(6L);
			assertThat((Long) headers.getHeader(DeadLetterHeaders.REDELIVERIES)).isEqualTo(2L);
			assertThat((String) headers.getHeader(DeadLetterHeaders.REASON)).isEqualTo("handler-failed");
			assertThat((String) headers.getHeader(DeadLetterHeaders.ORIGINAL_EXCHANGE)).isEqualTo("mmate.commands");
			assertThat((String) headers.getHeader(DeadLetterHeaders.ORIGINAL_ROUTING_KEY))
				.isEqualTo("cmd." + this.service + ".Work");
			assertThat((String) headers.getHeader(DeadLetterHeaders.ORIGINAL_QUEUE)).isEqualTo(this.service + "-queue");
			assertThat((String) headers.getHeader(DeadLetterHeaders.EXCEPTION_TYPE))
				.isEqualTo(IllegalStateException.class.getName());
			assertThat((String) headers.getHeader(DeadLetterHeaders.FIRST_FAILURE))
				.isLessThan((String) headers.getHeader(DeadLetterHeaders.LAST_FAILURE));
			assertThat((String) headers.getHeader(DeadLetterHeaders.SERVICE)).isEqualTo(this.service);
			assertThat(headers.getHeaders()).doesNotContainKey("x-death");
		});
	}

	@Test
	void permanentFailureIsDeadLetteredAtOnce() {
		runner("mmate.retry.max-attempts=3", "mmate.retry.delays=1s").run((context) -> {
			FlakyHandler handler = context.getBean(FlakyHandler.class);
			handler.permanent.set(true);
			context.getBean(MessagePublisher.class).sendCommand(new Work("invalid"), this.service).get();
			Message deadLetter = context.getBean(RabbitTemplate.class).receive(deadLetterQueue(), TIMEOUT.toMillis());
			assertThat(deadLetter).isNotNull();
			assertThat(handler.attempts.get()).isEqualTo(1);
			assertThat((Long) deadLetter.getMessageProperties().getHeader(DeadLetterHeaders.ATTEMPTS)).isEqualTo(1L);
			assertThat((String) deadLetter.getMessageProperties().getHeader(DeadLetterHeaders.EXCEPTION_TYPE))
				.isEqualTo(PermanentFailureException.class.getName());
		});
	}

	@Test
	void configuredExceptionTypeIsPermanentAndPerTypePolicyOverridesTheDefault() {
		runner("mmate.retry.max-attempts=3", "mmate.retry.delays=1s",
				"mmate.retry.handlers.Work.permanent-exceptions=java.lang.IllegalStateException").run((context) -> {
					FlakyHandler handler = context.getBean(FlakyHandler.class);
					handler.failuresLeft.set(Integer.MAX_VALUE);
					context.getBean(MessagePublisher.class).sendCommand(new Work("classified"), this.service).get();
					Message deadLetter = context.getBean(RabbitTemplate.class)
						.receive(deadLetterQueue(), TIMEOUT.toMillis());
					assertThat(deadLetter).isNotNull();
					assertThat(handler.attempts.get()).isEqualTo(1);
				});
	}

	private ApplicationContextRunner runner(String... properties) {
		return IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.retry.initial-backoff=10ms",
					"mmate.retry.jitter=0ms")
			.withPropertyValues(properties)
			.withUserConfiguration(FlakyHandler.class);
	}

	private String deadLetterQueue() {
		return "dlq." + this.service + "-queue";
	}

	private long deadLetterCount(org.springframework.context.ApplicationContext context) {
		return new RabbitAdmin(context.getBean(RabbitTemplate.class)).getQueueInfo(deadLetterQueue())
			.getMessageCount();
	}

	record Work(String name) implements Command {
	}

	static class FlakyHandler {

		final AtomicInteger failuresLeft = new AtomicInteger();

		final AtomicInteger attempts = new AtomicInteger();

		final java.util.concurrent.atomic.AtomicBoolean permanent = new java.util.concurrent.atomic.AtomicBoolean();

		final List<String> handled = new CopyOnWriteArrayList<>();

		@MmateHandler
		void on(Work work, MessageContext context) {
			this.attempts.incrementAndGet();
			if (this.permanent.get()) {
				throw new PermanentFailureException("work '" + work.name() + "' is invalid");
			}
			if (this.failuresLeft.getAndDecrement() > 0) {
				throw new IllegalStateException("dependency down");
			}
			this.handled.add(work.name() + " redeliveries=" + context.header(DeadLetterHeaders.REDELIVERIES)
					+ " attempts-before=" + context.header(DeadLetterHeaders.ATTEMPTS));
		}

	}

}
