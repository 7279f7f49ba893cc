package io.mmate.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.mmate.Event;
import io.mmate.MessagePublisher;
import io.mmate.MmateHandler;
import io.mmate.PublishReceipt;
import io.mmate.topology.PartitionTopology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Partitioned order on a real broker: 10,000 events over 100 aggregates, three instances sharing eight partitions,
 * one instance stopped midway; every aggregate's events are handled in order and none is lost.
 */
class PartitionIntegrationTests {

	private static final int MESSAGES = 10_000;

	private static final int KEYS = 100;

	private final String service = IntegrationTestSupport.uniqueServiceName("partition-it");

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
		CachingConnectionFactory connectionFactory = io.mmate.testsupport.TestBroker.connectionFactory();
		try {
			RabbitAdmin admin = new RabbitAdmin(connectionFactory);
			PartitionTopology.queues(this.service + "-queue", 8).forEach(admin::deleteQueue);
			admin.deleteExchange(PartitionTopology.exchange(this.service + "-queue"));
		}
		finally {
			connectionFactory.destroy();
		}
	}

	@Test
	void eachKeyIsHandledInOrderWhileInstancesComeAndGo() {
		Recorder recorder = new Recorder();
		ApplicationContextRunner instance = IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.partitions.count=8")
			.withBean(Recorder.class, () -> recorder);
		instance.run((first) -> instance.run((second) -> instance.run((third) -> {
			MessagePublisher publisher = third.getBean(MessagePublisher.class);
			List<CompletableFuture<PublishReceipt>> confirms = new ArrayList<>(MESSAGES);
			for (int i = 0; i < MESSAGES; i++) {
				confirms.add(publisher.publishEvent(new Moved("aggregate-" + (i % KEYS), i / KEYS)));
			}
			CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(60)).until(() -> recorder.handled() >= MESSAGES / 3);
			// The first instance holds the partitions it started first on: stop it midway.
			first.close();
			await().atMost(Duration.ofSeconds(120)).until(() -> recorder.distinct() == MESSAGES);
			System.out.printf("partitions: %d events over %d keys, 3 instances, one stopped midway: handled %d, "
					+ "distinct %d, lost %d, per-key order violations %d%n", MESSAGES, KEYS, recorder.handled(),
					recorder.distinct(), MESSAGES - recorder.distinct(), recorder.violations());
			assertThat(recorder.violations()).isZero();
			assertThat(recorder.distinct()).isEqualTo(MESSAGES);
		})));
	}

	@Test
	void withAMinimalHeaderTableEventsAreStillSpreadOverThePartitionsByTheirKey() {
		IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.partitions.count=8",
					"mmate.publisher.header-table=minimal", "mmate.listener.auto-startup=false")
			.withBean(Recorder.class)
			.run((context) -> {
				MessagePublisher publisher = context.getBean(MessagePublisher.class);
				int messages = 400;
				List<CompletableFuture<PublishReceipt>> confirms = new ArrayList<>(messages);
				for (int i = 0; i < messages; i++) {
					confirms.add(publisher.publishEvent(new Moved("aggregate-" + (i % 40), i / 40)));
				}
				CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
				// Nothing consumes: the partitions hold what the consistent-hash exchange routed to each, by the
				// x-aggregate-id header that a minimal table keeps.
				RabbitAdmin admin = new RabbitAdmin(context.getBean(RabbitTemplate.class));
				List<String> partitions = PartitionTopology.queues(this.service + "-queue", 8);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> partitions.stream().mapToLong((queue) -> messageCount(admin, queue)).sum() == messages);
				assertThat(partitions.stream().filter((queue) -> messageCount(admin, queue) > 0).count())
					.isGreaterThan(4);
			});
	}

	private static long messageCount(RabbitAdmin admin, String queue) {
		return admin.getQueueInfo(queue).getMessageCount();
	}

	record Moved(String aggregateId, int sequenceNumber) implements Event {
	}

	static class Recorder {

		final Map<String, List<Integer>> byKey = new ConcurrentHashMap<>();

		@MmateHandler(partitioned = true)
		void on(Moved moved) {
			this.byKey.computeIfAbsent(moved.aggregateId(), (key) -> new CopyOnWriteArrayList<>())
				.add(moved.sequenceNumber());
		}

		int handled() {
			return this.byKey.values().stream().mapToInt(List::size).sum();
		}

		long distinct() {
			return this.byKey.values().stream().mapToLong((numbers) -> numbers.stream().distinct().count()).sum();
		}

		int violations() {
			int violations = 0;
			for (List<Integer> numbers : this.byKey.values()) {
				int highest = -1;
				for (int number : numbers) {
					if (number < highest) {
						violations++;
					}
					highest = Math.max(highest, number);
				}
			}
			return violations;
		}

	}

}
