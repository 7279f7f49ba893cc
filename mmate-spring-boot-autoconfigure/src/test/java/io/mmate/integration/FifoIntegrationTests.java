package io.mmate.integration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.mmate.Event;
import io.mmate.MessagePublisher;
import io.mmate.MmateHandler;
import io.mmate.PublishReceipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * FIFO mode on a real broker: with two instances, one consumer is active; when it stops midway the other takes over
 * and the remaining messages keep their order.
 */
class FifoIntegrationTests {

	private static final int MESSAGES = 1000;

	private final String service = IntegrationTestSupport.uniqueServiceName("fifo-it");

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	@ParameterizedTest
	@ValueSource(strings = { "classic", "quorum" })
	void orderIsKeptWhenTheActiveInstanceStopsMidway(String queueType) {
		Recorder recorder = new Recorder();
		ApplicationContextRunner instance = IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.fifo=true", "mmate.queue.type=" + queueType)
			.withBean(Recorder.class, () -> recorder);
		instance.run((first) -> instance.run((second) -> {
			MessagePublisher publisher = second.getBean(MessagePublisher.class);
			List<CompletableFuture<PublishReceipt>> confirms = new CopyOnWriteArrayList<>();
			for (int i = 0; i < MESSAGES; i++) {
				confirms.add(publisher.publishEvent(new Step("order-1", i)));
			}
			CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(30)).until(() -> recorder.handled.size() >= MESSAGES / 3);
			// The first instance started first, so it is the active consumer: stop it midway.
			first.close();
			await().atMost(Duration.ofSeconds(60)).until(() -> recorder.distinct() == MESSAGES);
			System.out.printf("fifo (%s queue): %d messages, handled %d times, %d distinct, %d order violations%n",
					queueType, MESSAGES, recorder.handled.size(), recorder.distinct(), recorder.violations());
			assertThat(recorder.violations()).isZero();
		}));
	}

	record Step(String aggregateId, int number) implements Event {
	}

	static class Recorder {

		final List<Integer> handled = new CopyOnWriteArrayList<>();

		@MmateHandler
		void on(Step step) throws InterruptedException {
			// Work that takes a moment, so that the stopping instance holds prefetched messages while it stops.
			Thread.sleep(1);
			this.handled.add(step.number());
		}

		long distinct() {
			return this.handled.stream().distinct().count();
		}

		int violations() {
			int violations = 0;
			int highest = -1;
			for (int number : this.handled) {
				if (number < highest) {
					violations++;
				}
				highest = Math.max(highest, number);
			}
			return violations;
		}

	}

}
