package io.mmate.integration;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.mmate.Command;
import io.mmate.MessagePublisher;
import io.mmate.MmateHandler;
import io.mmate.TransientFailureException;
import io.mmate.retry.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The circuit breaker on a real broker: a handler whose dependency is down for 5 s pauses consumption instead of
 * burning retries; nothing is dead-lettered and everything is handled once the dependency is back.
 */
class CircuitBreakerIntegrationTests {

	private static final int MESSAGES = 50;

	private final String service = IntegrationTestSupport.uniqueServiceName("breaker-it");

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	@Test
	void breakerPausesConsumptionWhileTheDependencyIsDown() {
		IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.retry.max-attempts=1",
					"mmate.retry.delays=1s,1s,1s,1s,1s,1s,1s,1s,1s,1s", "mmate.listener.circuit-breaker.minimum-calls=5",
					"mmate.listener.circuit-breaker.sliding-window-size=10",
					"mmate.listener.circuit-breaker.open-duration=2s")
			.withBean(Dependency.class)
			.run((context) -> {
				Dependency dependency = context.getBean(Dependency.class);
				List<String> transitions = new CopyOnWriteArrayList<>();
				context.getBean(CircuitBreaker.class).addListener((from, to) -> transitions.add(to.name()));
				dependency.downUntil = System.currentTimeMillis() + 5000;
				MessagePublisher publisher = context.getBean(MessagePublisher.class);
				for (int i = 0; i < MESSAGES; i++) {
					publisher.sendCommand(new Order(i), this.service).get();
				}
				await().atMost(Duration.ofSeconds(60)).until(() -> dependency.handled.size() == MESSAGES);
				long deadLetters = new RabbitAdmin(context.getBean(RabbitTemplate.class))
					.getQueueInfo("dlq." + this.service + "-queue")
					.getMessageCount();
				System.out.printf("dependency down 5 s: handled=%d failed calls while down=%d dead-lettered=%d "
						+ "breaker transitions=%s%n", dependency.handled.size(), dependency.failedCalls.get(),
						deadLetters, transitions);
				assertThat(deadLetters).isZero();
				assertThat(transitions).startsWith("OPEN", "HALF_OPEN").endsWith("CLOSED");
				// Without the breaker, every one of the 50 messages would have failed several times.
				assertThat(dependency.failedCalls.get()).isLessThan(MESSAGES);
			});
	}

	record Order(int number) implements Command {
	}

	static class Dependency {

		volatile long downUntil;

		final AtomicInteger failedCalls = new AtomicInteger();

		final Set<Integer> handled = ConcurrentHashMap.newKeySet();

		@MmateHandler
		void on(Order order) {
			if (System.currentTimeMillis() < this.downUntil) {
				this.failedCalls.incrementAndGet();
				throw new TransientFailureException("the order database is down");
			}
			this.handled.add(order.number());
		}

	}

}
