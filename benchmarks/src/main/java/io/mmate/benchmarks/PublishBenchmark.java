package io.mmate.benchmarks;

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

	private static final String ONE_BY_ONE = "one by one (publish, wait for the confirm, next)";

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
		Results results = new Results("publish", String.format(Locale.ROOT,
				"publishing with confirms: %,d persistent 256-byte events", MESSAGES), "msg/s");
		for (int round = 0; round < ROUNDS; round++) {
			results.add(ONE_BY_ONE, oneByOne(payload, MESSAGES));
			admin.purgeQueue(queue.getName());
			results.add("batch (`publishBatch`, all confirms awaited together)", batch(payload, MESSAGES));
			admin.purgeQueue(queue.getName());
		}
		admin.deleteQueue(queue.getName());
		results.write(ONE_BY_ONE);
	}

	private double oneByOne(String payload, int count) throws Exception {
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			this.publisher.publishEvent(new BenchEvent("bench", payload)).get(30, TimeUnit.SECONDS);
		}
		return Results.rate(count, start);
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
		return Results.rate(count, start);
	}

	record BenchEvent(String aggregateId, String data) implements Event {
	}

}
