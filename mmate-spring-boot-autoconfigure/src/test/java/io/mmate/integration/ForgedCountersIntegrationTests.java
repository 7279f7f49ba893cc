package io.mmate.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.mmate.Command;
import io.mmate.MessagePublisher;
import io.mmate.MmateHandler;
import io.mmate.TransientFailureException;
import io.mmate.failure.DeadLetterHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failure counters a sender wrote into its message's headers change nothing: the message gets every retry the policy
 * gives, is dead-lettered once at the end with counts that make sense, and the service goes on answering.
 */
class ForgedCountersIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final String service = IntegrationTestSupport.uniqueServiceName("forged-it");

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	@Test
	void forgedCountersNeitherSkipRetriesNorLoop() {
		IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.retry.max-attempts=1",
					"mmate.retry.delays=1s,1s", "mmate.listener.circuit-breaker.enabled=false")
			.withBean(FailingHandler.class)
			.run((context) -> {
				FailingHandler handler = context.getBean(FailingHandler.class);
				RabbitTemplate rabbit = context.getBean(RabbitTemplate.class);
				MessageProperties properties = new MessageProperties();
				properties.setContentType("application/json");
				properties.setHeader(DeadLetterHeaders.REDELIVERIES, 3L);
				properties.setHeader(DeadLetterHeaders.DELIVERIES, -1_000_000_000L);
				properties.setHeader(DeadLetterHeaders.ATTEMPTS, Long.MAX_VALUE - 1);
				String body = "{\"id\":\"forged-1\",\"type\":\"Doomed\",\"timestamp\":\"2026-11-29T10:00:00Z\","
						+ "\"headers\":{\"x-message-kind\":\"command\"},\"payload\":{\"targetService\":\""
						+ this.service + "\"}}";
				rabbit.send("mmate.commands", "cmd." + this.service + ".Doomed",
						new Message(body.getBytes(StandardCharsets.UTF_8), properties));
				Message deadLetter = rabbit.receive("dlq." + this.service + "-queue", TIMEOUT.toMillis());
				assertThat(deadLetter).isNotNull();
				MessageProperties dead = deadLetter.getMessageProperties();
				System.out.printf("forged counters (redeliveries=3, deliveries=-1e9, attempts=MAX-1): handler calls "
						+ "%d, dead letter attempts=%s redeliveries=%s%n", handler.calls.get(),
						dead.getHeader(DeadLetterHeaders.ATTEMPTS), dead.getHeader(DeadLetterHeaders.REDELIVERIES));
				// One call, then one after each of the two delays: the forged count of 3 skipped none of them.
				assertThat(handler.calls.get()).isEqualTo(3);
				assertThat((Long) dead.getHeader(DeadLetterHeaders.ATTEMPTS)).isEqualTo(3L);
				assertThat((Long) dead.getHeader(DeadLetterHeaders.REDELIVERIES)).isEqualTo(2L);
				context.getBean(MessagePublisher.class).sendCommand(new Healthy(), this.service).join();
				await().atMost(Duration.ofSeconds(5)).until(() -> handler.healthy.get() == 1);
			});
	}

	record Doomed() implements Command {
	}

	record Healthy() implements Command {
	}

	static class FailingHandler {

		final AtomicInteger calls = new AtomicInteger();

		final AtomicInteger healthy = new AtomicInteger();

		@MmateHandler
		void on(Doomed doomed) {
			this.calls.incrementAndGet();
			throw new TransientFailureException("always");
		}

		@MmateHandler
		void on(Healthy healthy) {
			this.healthy.incrementAndGet();
		}

	}

}
