package io.mmate.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.mmate.BatchMessage;
import io.mmate.BatchResult;
import io.mmate.Event;
import io.mmate.MessagePublisher;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Publishing with confirms, batch against one by one: the same persistent 256-byte events to a durable queue,
 * alternated in one run so that both see the same broker. Each figure is the median of several rounds; the result is
 * the ratio of the medians.
 */
@Component
class PublishBenchmark implements ApplicationRunner {

	private static final int MESSAGES = 20_000;

	private static final int ROUNDS = 5;

	private final MessagePublisher publisher;

	private final RabbitTemplate rabbit;

	PublishBenchmark(MessagePublisher publisher, RabbitTemplate rabbit) {
		this.publisher = publisher;
		this.rabbit = rabbit;
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		if (!args.getNonOptionArgs().contains("publish")) {
			return;
		}
		RabbitAdmin admin = new RabbitAdmin(this.rabbit);
		Queue queue = new Queue("mmate.bench.publish", true);
		admin.declareQueue(queue);
		admin.declareBinding(BindingBuilder.bind(queue).to(new TopicExchange("mmate.events")).with("evt.bench.#"));
		String payload = "x".repeat(256);
		oneByOne(payload, 2_000);
		batch(payload, 2_000);
		List<Double> oneByOne = new ArrayList<>();
		List<Double> batch = new ArrayList<>();
		for (int round = 0; round < ROUNDS; round++) {
			oneByOne.add(oneByOne(payload, MESSAGES));
			admin.purgeQueue(queue.getName());
			batch.add(batch(payload, MESSAGES));
			admin.purgeQueue(queue.getName());
		}
		admin.deleteQueue(queue.getName());
		report(median(oneByOne), median(batch), oneByOne, batch);
	}

	private double oneByOne(String payload, int count) throws Exception {
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			this.publisher.publishEvent(new BenchEvent("bench", payload)).get(30, TimeUnit.SECONDS);
		}
		return rate(count, start);
	}

	private double batch(String payload, int count) throws Exception {
		List<BatchMessage> messages = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			messages.add(BatchMessage.event(new BenchEvent("bench", payload)));
		}
		long start = System.nanoTime();
		BatchResult result = this.publisher.publishBatch(messages).get(120, TimeUnit.SECONDS);
		if (!result.allConfirmed()) {
			throw new IllegalStateException(result.failures().size() + " messages of the batch failed");
		}
		return rate(count, start);
	}

	private void report(double oneByOne, double batch, List<Double> oneByOneRounds, List<Double> batchRounds)
			throws IOException {
		String table = String.format(Locale.ROOT, """
				| publishing with confirms (%d persistent 256-byte events, median of %d) | msg/s | ratio |
				| --- | ---: | ---: |
				| one by one (publish, wait for the confirm, next) | %.0f | 1.00 |
				| batch (`publishBatch`, all confirms awaited together) | %.0f | %.2f |
				""", MESSAGES, ROUNDS, oneByOne, batch, batch / oneByOne);
		System.out.println(table);
		System.out.println("rounds one-by-one: " + oneByOneRounds + " batch: " + batchRounds);
		Path results = Path.of("benchmarks", "results");
		Files.createDirectories(results);
		Files.writeString(results.resolve("publish.md"), table);
	}

	private static double rate(int count, long startNanos) {
		return count / ((System.nanoTime() - startNanos) / 1e9);
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		return sorted.get(sorted.size() / 2);
	}

	record BenchEvent(String aggregateId, String data) implements Event {
	}

}
