package io.mmate.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.mmate.Command;
import io.mmate.MessagePublisher;
import io.mmate.MmateHandler;

import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The throughput cost of fair dispatch: a full queue drained by one consumer with prefetch 1 against the default
 * prefetch of 250, alternated in one run, the median of several rounds each.
 */
@Component
class PrefetchBenchmark implements ApplicationRunner {

	private static final int MESSAGES = 20_000;

	private static final int ROUNDS = 3;

	private static final String SERVICE = "mmate-bench-prefetch";

	private final MessagePublisher publisher;

	private final RabbitTemplate rabbit;

	PrefetchBenchmark(MessagePublisher publisher, RabbitTemplate rabbit) {
		this.publisher = publisher;
		this.rabbit = rabbit;
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		if (!args.getNonOptionArgs().contains("prefetch")) {
			return;
		}
		List<Double> fair = new ArrayList<>();
		List<Double> prefetched = new ArrayList<>();
		for (int round = 0; round < ROUNDS; round++) {
			fair.add(drain(1));
			prefetched.add(drain(250));
		}
		new RabbitAdmin(this.rabbit).deleteQueue(SERVICE + "-queue");
		new RabbitAdmin(this.rabbit).deleteQueue("dlq." + SERVICE + "-queue");
		double fairMedian = median(fair);
		double prefetchedMedian = median(prefetched);
		String table = String.format(Locale.ROOT, """
				| one consumer draining %d persistent messages (median of %d) | msg/s | ratio |
				| --- | ---: | ---: |
				| prefetch 250 (default) | %.0f | 1.00 |
				| prefetch 1 (fair dispatch) | %.0f | %.2f |
				""", MESSAGES, ROUNDS, prefetchedMedian, fairMedian, fairMedian / prefetchedMedian);
		System.out.println(table);
		System.out.println("rounds prefetch 1: " + fair + " prefetch 250: " + prefetched);
		Path results = Path.of("benchmarks", "results");
		Files.createDirectories(results);
		Files.writeString(results.resolve("prefetch.md"), table);
	}

	private double drain(int prefetch) throws Exception {
		Sink sink = new Sink(MESSAGES);
		try (ConfigurableApplicationContext consumer = new SpringApplicationBuilder(ConsumerApplication.class)
			.properties("mmate.service-name=" + SERVICE, "mmate.listener.prefetch=" + prefetch,
					"mmate.listener.auto-startup=false", "spring.main.web-application-type=none",
					"spring.rabbitmq.host=127.0.0.1", "logging.level.root=warn")
			.initializers((context) -> context.getBeanFactory().registerSingleton("sink", sink))
			.run()) {
			List<CompletableFuture<?>> confirms = new ArrayList<>(MESSAGES);
			for (int i = 0; i < MESSAGES; i++) {
				confirms.add(this.publisher.sendCommand(new Work(i), SERVICE));
			}
			CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
			long start = System.nanoTime();
			consumer.getBean(io.mmate.consume.ListenerContainerLifecycle.class).start();
			if (!sink.done.await(300, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The queue was not drained in time");
			}
			return MESSAGES / ((System.nanoTime() - start) / 1e9);
		}
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		return sorted.get(sorted.size() / 2);
	}

	record Work(int number) implements Command {
	}

	static class Sink {

		final CountDownLatch done;

		Sink(int messages) {
			this.done = new CountDownLatch(messages);
		}

		@MmateHandler
		void on(Work work) {
			this.done.countDown();
		}

	}

	@org.springframework.boot.autoconfigure.SpringBootApplication
	static class ConsumerApplication {

	}

}
