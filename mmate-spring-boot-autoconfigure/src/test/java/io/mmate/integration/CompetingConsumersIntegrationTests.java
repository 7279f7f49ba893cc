package io.mmate.integration;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.mmate.Command;
import io.mmate.MessageContext;
import io.mmate.MessagePublisher;
import io.mmate.MmateHandler;
import io.mmate.PublishReceipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several instances of a service share its queue: with fair dispatch (prefetch 1) three consumers each take a fair
 * share of 3,000 messages, and every message is handled exactly once.
 */
class CompetingConsumersIntegrationTests {

	private static final int MESSAGES = 3000;

	private final String service = IntegrationTestSupport.uniqueServiceName("competing-it");

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	@Test
	void threeConsumersShareTheQueueFairlyAndHandleEachMessageOnce() {
		Tally tally = new Tally();
		ApplicationContextRunner instance = IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.listener.prefetch=1")
			.withBean(Tally.class, () -> tally);
		instance.run((a) -> instance.run((b) -> instance.run((c) -> {
			MessagePublisher publisher = a.getBean(MessagePublisher.class);
			CompletableFuture<?>[] confirms = new CompletableFuture<?>[MESSAGES];
			for (int i = 0; i < MESSAGES; i++) {
				CompletableFuture<PublishReceipt> confirm = publisher.sendCommand(new Task(i), this.service);
				confirms[i] = confirm;
			}
			CompletableFuture.allOf(confirms).get(60, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(60)).until(() -> tally.handled.size() == MESSAGES);
			System.out.printf("competing consumers: %d messages, per instance %s, handled more than once: %d%n",
					MESSAGES, tally.perInstance, tally.duplicates());
			assertThat(tally.duplicates()).isZero();
			assertThat(tally.perInstance).hasSize(3);
			// Round robin with prefetch 1: no instance is starved and none takes the lion's share.
			assertThat(tally.perInstance.values()).allSatisfy((count) -> assertThat(count.get())
				.isBetween(MESSAGES / 10, MESSAGES / 2));
		})));
	}

	record Task(int number) implements Command {
	}

	static class Tally {

		final Map<Integer, AtomicInteger> handled = new ConcurrentHashMap<>();

		final Map<String, AtomicInteger> perInstance = new ConcurrentHashMap<>();

		@MmateHandler
		void on(Task task, MessageContext context) throws InterruptedException {
			// A millisecond of simulated work, as a real handler has, so that dispatch rather than ack speed decides.
			Thread.sleep(1);
			this.handled.computeIfAbsent(task.number(), (key) -> new AtomicInteger()).incrementAndGet();
			// Each instance has its own publisher bean, so it tells the instances apart.
			this.perInstance.computeIfAbsent("instance-" + System.identityHashCode(context.publisher()),
					(key) -> new AtomicInteger()).incrementAndGet();
		}

		int duplicates() {
			return this.handled.values().stream().mapToInt((count) -> count.get() - 1).sum();
		}

	}

}
