package io.mmate.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mmate.MessagePublisher;
import io.mmate.MmateHandler;
import io.mmate.listener.ListenerContainerLifecycle;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * End-to-end throughput on a RabbitMQ cluster with quorum queues ({@code cluster}): Mmate with
 * {@code mmate.queue.type=quorum} against RabbitMQ PerfTest with {@code --quorum-queue} as the ceiling, in one run,
 * round by round. Both publish persistent 256-byte payloads with at most 100 unconfirmed messages (by default) while one consumer
 * with prefetch 250 acknowledges each message; both connect to the first node of {@code --cluster-addresses}, where
 * the queue they declare has its leader. Each variant runs for the same time and its figure is the median of its
 * per-second receive rates after the warm-up ({@link SteadyRate}); the table gives the median of the rounds.
 * Options: {@code --cluster-addresses=} (the local cluster of {@code scripts/rabbitmq.sh cluster up} by default),
 * {@code --seconds=} (40), {@code --warm-up=} (10), {@code --rounds=} (3), {@code --unconfirmed=} (100).
 */
@Component
class ClusterBenchmark implements ApplicationRunner {

	static final String MMATE = "Mmate, sendCommand, quorum queue";

	static final String PERF_TEST = "RabbitMQ PerfTest 2.22 --quorum-queue (ceiling)";

	static final String PERF_TEST_MMATE_SIZE = "RabbitMQ PerfTest 2.22 --quorum-queue, body of Mmate's size";

	private static final String SERVICE = "mmate-bench-cluster";

	private static final String PERF_TEST_QUEUE = "bench.cluster-perf-test";

	private static final int PAYLOAD = 256;


	private static final Pattern PER_SECOND = Pattern.compile("received: (\\d+) msg/s");

	@Override
	public void run(ApplicationArguments args) throws Exception {
		if (!args.getNonOptionArgs().contains("cluster")) {
			return;
		}
		String addresses = option(args, "cluster-addresses", "127.0.0.1:5673,127.0.0.1:5674,127.0.0.1:5675");
		SteadyRate steady = new SteadyRate(Integer.parseInt(option(args, "seconds", "40")),
				Integer.parseInt(option(args, "warm-up", "10")));
		int rounds = Integer.parseInt(option(args, "rounds", "3"));
		int unconfirmed = Integer.parseInt(option(args, "unconfirmed", "100"));
		String perfTest = System.getProperty(PerfTestVariant.CLASSPATH_PROPERTY);
		Results results = new Results("cluster-end-to-end", String.format(Locale.ROOT,
				"3-node cluster, quorum queue, end to end: persistent %d-byte payloads, %d unconfirmed at most, "
						+ "prefetch %d; median per-second rate over %d s after a %d s warm-up",
				PAYLOAD, unconfirmed, ThroughputVariant.PREFETCH, steady.seconds() - steady.warmUp(), steady.warmUp()),
				"msg/s");
		// PerfTest sends the payload alone; with a body as large as Mmate's envelope it shows what the bytes cost.
		int mmateBody = PlainSpringAmqpVariant.mmateBodySize(PAYLOAD);
		for (int round = 0; round < rounds; round++) {
			results.add(MMATE, mmate(addresses, steady, unconfirmed));
			if (perfTest != null) {
				results.add(PERF_TEST, perfTest(perfTest, addresses, steady, unconfirmed, PAYLOAD));
				results.add(PERF_TEST_MMATE_SIZE + " (" + mmateBody + " B)",
						perfTest(perfTest, addresses, steady, unconfirmed, mmateBody));
			}
		}
		results.write(PERF_TEST, PERF_TEST_MMATE_SIZE + " (" + mmateBody + " B)");
	}

	private double mmate(String addresses, SteadyRate steady, int unconfirmed) throws Exception {
		Counter counter = new Counter();
		try (ConfigurableApplicationContext service = new SpringApplicationBuilder(MmateVariant.ServiceApplication.class)
			.properties("mmate.service-name=" + SERVICE, "mmate.queue.type=quorum",
					"mmate.listener.prefetch=" + ThroughputVariant.PREFETCH, "spring.rabbitmq.addresses=" + addresses,
					"mmate.listener.auto-startup=false", "spring.main.web-application-type=none",
					"spring.main.banner-mode=off", "logging.level.root=warn")
			.initializers((context) -> context.getBeanFactory().registerSingleton("counter", counter))
			.run()) {
			ListenerContainerLifecycle listener = service.getBean(ListenerContainerLifecycle.class);
			listener.start();
			ConfirmedPublishing publishing = new ConfirmedPublishing(service.getBean(MessagePublisher.class),
					unconfirmed);
			publishing.start();
			double rate;
			try {
				rate = steady.measure(counter.handled::get);
			}
			finally {
				publishing.stop();
			}
			listener.stop();
			RabbitAdmin admin = new RabbitAdmin(service.getBean(RabbitTemplate.class));
			admin.deleteQueue(SERVICE + "-queue");
			admin.deleteQueue("dlq." + SERVICE + "-queue");
			return rate;
		}
	}

	private double perfTest(String classpath, String addresses, SteadyRate steady, int unconfirmed, int bodySize)
			throws IOException, InterruptedException {
		String first = addresses.split(",")[0].trim();
		List<String> options = List.of("-h", "amqp://guest:guest@" + first, "-u", PERF_TEST_QUEUE, "--quorum-queue", "-f",
				"persistent", "-q", String.valueOf(ThroughputVariant.PREFETCH), "-c", String.valueOf(unconfirmed), "-x",
				"1", "-y", "1", "-s", String.valueOf(bodySize), "-z", String.valueOf(steady.seconds()));
		List<String> output;
		try {
			output = PerfTestProcess.run(classpath, options, Duration.ofSeconds(steady.seconds() + 60L));
		}
		finally {
			deleteQueue(first, PERF_TEST_QUEUE);
		}
		List<Double> perSecond = new ArrayList<>();
		for (String line : output) {
			Matcher matcher = PER_SECOND.matcher(line);
			// The per-second lines; the summary line at the end says "receiving rate avg" instead.
			if (matcher.find()) {
				perSecond.add(Double.parseDouble(matcher.group(1)));
			}
		}
		if (perSecond.size() <= steady.warmUp()) {
			throw new IllegalStateException("PerfTest gave " + perSecond.size() + " per-second rates: "
					+ String.join("\n", output));
		}
		return steady.median(perSecond);
	}

	private static void deleteQueue(String address, String queue) {
		CachingConnectionFactory connectionFactory = new CachingConnectionFactory();
		connectionFactory.setAddresses(address);
		try {
			new RabbitAdmin(connectionFactory).deleteQueue(queue);
		}
		finally {
			connectionFactory.destroy();
		}
	}

	private static String option(ApplicationArguments args, String name, String fallback) {
		List<String> values = args.getOptionValues(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : fallback;
	}

	/**
	 * The handler: counts the messages.
	 */
	static final class Counter {

		private final AtomicLong handled = new AtomicLong();

		@MmateHandler
		void on(MmateVariant.Work work) {
			this.handled.incrementAndGet();
		}

	}

	/**
	 * Sends commands on a thread of its own, with a bounded number unconfirmed at a time, until stopped.
	 */
	private static final class ConfirmedPublishing {

		private final MessagePublisher publisher;

		private final int limit;

		private final Semaphore unconfirmed;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicReference<Throwable> failure = new AtomicReference<>();

		private final Thread thread;

		ConfirmedPublishing(MessagePublisher publisher, int limit) {
			this.publisher = publisher;
			this.limit = limit;
			this.unconfirmed = new Semaphore(limit);
			this.thread = new Thread(this::publish, "cluster-benchmark-publisher");
		}

		void start() {
			this.thread.start();
		}

		private void publish() {
			MmateVariant.Work work = new MmateVariant.Work(Payloads.text(PAYLOAD));
			try {
				while (this.running.get()) {
					this.unconfirmed.acquire();
					this.publisher.sendCommand(work, SERVICE).whenComplete((receipt, ex) -> {
						if (ex != null) {
							this.failure.compareAndSet(null, ex);
						}
						this.unconfirmed.release();
					});
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			this.thread.join(TimeUnit.MINUTES.toMillis(1));
			if (!this.unconfirmed.tryAcquire(this.limit, 1, TimeUnit.MINUTES)) {
				throw new IllegalStateException("Commands still unconfirmed a minute after publishing stopped");
			}
			if (this.failure.get() != null) {
				throw new IllegalStateException("A command was not confirmed", this.failure.get());
			}
		}

	}

}
