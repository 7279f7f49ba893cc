package io.mmate.benchmarks;

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

	private static final String FAIR = "prefetch 1 (fair dispatch)";

	private static final String DEFAULT = "prefetch 250 (default)";

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
		Results results = new Results("prefetch", String.format(Locale.ROOT,
				"one consumer draining %,d persistent messages", MESSAGES), "msg/s");
		for (int round = 0; round < ROUNDS; round++) {
			results.add(FAIR, drain(1));
			results.add(DEFAULT, drain(250));
		}
		new RabbitAdmin(this.rabbit).deleteQueue(SERVICE + "-queue");
		new RabbitAdmin(this.rabbit).deleteQueue("dlq." + SERVICE + "-queue");
		results.write(DEFAULT);
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
			consumer.getBean(io.mmate.listener.ListenerContainerLifecycle.class).start();
			if (!sink.done.await(300, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The queue was not drained in time");
			}
			return Results.rate(MESSAGES, start);
		}
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
