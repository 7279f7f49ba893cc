package io.mmate.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * RabbitMQ PerfTest, the broker team's load tool, with the same settings as the others: the ceiling a client on this
 * machine can reach. It runs in a JVM of its own, from the class path in the system property
 * {@value #CLASSPATH_PROPERTY} that {@code scripts/benchmark.sh} sets. In a steady-state run it runs for the run's
 * duration ({@code -z}) and its per-second rates are read as the others' are: the warm-up dropped, the median of the
 * rest.
 */
final class PerfTestVariant implements ThroughputVariant {

	/** The system property holding PerfTest's class path. */
	static final String CLASSPATH_PROPERTY = "mmate.benchmarks.perf-test-classpath";

	private static final String QUEUE = "bench.perf-test";

	private static final String TOPIC_EXCHANGE = "bench.perf-test.topic";

	private static final Pattern AVERAGE = Pattern.compile("(sending|receiving) rate avg: (\\d+) msg/s");

	private static final Pattern RECEIVED = Pattern.compile("received: (\\d+) msg/s");

	private static final Pattern CONFIRMED = Pattern.compile("confirmed: (\\d+) msg/s");

	private final String name;

	private final String classpath;

	private final String address;

	private final List<String> options;

	private final int bodySize;

	private final String exchange;

	private PerfTestVariant(String name, String classpath, String address, List<String> options, int bodySize,
			String exchange) {
		this.name = name;
		this.classpath = classpath;
		this.address = address;
		this.options = options;
		this.bodySize = bodySize;
		this.exchange = exchange;
	}

	private PerfTestVariant(String name, String classpath, String address, List<String> options) {
		this(name, classpath, address, options, -1, null);
	}

	/**
	 * The same PerfTest sending bodies of a fixed size, whatever the run's payload: as large as Mmate's envelope, it
	 * shows what the bytes cost.
	 * @param size the body size
	 * @return the variant
	 */
	PerfTestVariant withBodySize(int size) {
		String base = this.name.replace(" (ceiling)", "");
		return new PerfTestVariant(base + ", body of Mmate's size (" + size + " B)", this.classpath, this.address,
				this.options, size, this.exchange);
	}

	/**
	 * The same PerfTest publishing through a topic exchange of its own, with a routing key the queue is bound with,
	 * as Mmate routes a command through {@code mmate.commands}: with {@link #withBodySize}, the ceiling for Mmate's
	 * wire format.
	 * @param routingKey the routing key, such as {@code cmd.bench-plain.Work}
	 * @return the variant
	 */
	PerfTestVariant withTopicRoute(String routingKey) {
		List<String> options = new ArrayList<>(this.options);
		options.addAll(List.of("-e", TOPIC_EXCHANGE, "-t", "topic", "-k", routingKey));
		return new PerfTestVariant(this.name + ", via a topic exchange", this.classpath, this.address,
				List.copyOf(options), this.bodySize, TOPIC_EXCHANGE);
	}

	/**
	 * PerfTest against the local broker, classic queue, payloads of the run's size.
	 * @param classpath PerfTest's class path
	 * @return the variant
	 */
	static PerfTestVariant local(String classpath) {
		return new PerfTestVariant("RabbitMQ PerfTest 2.22 (ceiling)", classpath, "127.0.0.1:5672", List.of());
	}

	/**
	 * PerfTest against a cluster's first node with a quorum queue.
	 * @param name the name in the results
	 * @param classpath PerfTest's class path
	 * @param address the node
	 * @return the variant
	 */
	static PerfTestVariant quorum(String name, String classpath, String address) {
		return new PerfTestVariant(name, classpath, address, List.of("--quorum-queue"));
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public double steady(SteadyRate steady, int payloadSize, boolean consume, Measurement measurement)
			throws Exception {
		Pattern perSecond = consume ? RECEIVED : CONFIRMED;
		List<Double> rates = new ArrayList<>();
		long[] measured = { 0 };
		List<String> output;
		try {
			output = run(steady.seconds() + 60L, (line) -> {
				Matcher matcher = perSecond.matcher(line);
				// The per-second lines; the summary at the end says "rate avg" instead.
				if (!matcher.find() || rates.size() >= steady.seconds()) {
					return;
				}
				rates.add(Double.parseDouble(matcher.group(1)));
				if (rates.size() == steady.warmUp()) {
					measurement.start();
				}
				else if (rates.size() > steady.warmUp()) {
					measured[0] += Long.parseLong(matcher.group(1));
					if (rates.size() == steady.seconds()) {
						measurement.stop(measured[0]);
					}
				}
			}, "-x", "1", "-y", consume ? "1" : "0", "-s", (this.bodySize >= 0) ? this.bodySize : payloadSize, "-z",
					steady.seconds());
		}
		finally {
			deleteQueue();
		}
		if (rates.size() <= steady.warmUp()) {
			throw new IllegalStateException("PerfTest gave " + rates.size() + " per-second rates: "
					+ String.join("\n", output));
		}
		if (rates.size() < steady.seconds()) {
			measurement.stop(measured[0]);
		}
		return steady.median(rates);
	}

	@Override
	public double drain(int messages, int payloadSize, Measurement measurement) throws Exception {
		try {
			run(10 * 60, (line) -> {
			}, "-x", "1", "-y", "0", "-C", messages, "-s", payloadSize);
			// -p: consume the queue the first run declared and filled; its own average rate, over the whole process.
			measurement.start();
			List<String> output = run(10 * 60, (line) -> {
			}, "-x", "0", "-y", "1", "-D", messages, "-p");
			measurement.stop();
			for (String line : output) {
				Matcher matcher = AVERAGE.matcher(line);
				if (matcher.find() && matcher.group(1).equals("receiving")) {
					return Double.parseDouble(matcher.group(2));
				}
			}
			throw new IllegalStateException("PerfTest gave no receiving rate: " + String.join("\n", output));
		}
		finally {
			deleteQueue();
		}
	}

	private List<String> run(long timeoutSeconds, Consumer<String> lines, Object... options)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("-h", "amqp://guest:guest@" + this.address, "-u", QUEUE, "-ad",
				"false", "-f", "persistent", "-q", String.valueOf(PREFETCH), "-c", String.valueOf(UNCONFIRMED)));
		command.addAll(this.options);
		for (Object option : options) {
			command.add(String.valueOf(option));
		}
		return PerfTestProcess.run(this.classpath, command, Duration.ofSeconds(timeoutSeconds), lines);
	}

	private void deleteQueue() {
		CachingConnectionFactory connectionFactory = new CachingConnectionFactory();
		connectionFactory.setAddresses(this.address);
		try {
			RabbitAdmin admin = new RabbitAdmin(connectionFactory);
			admin.deleteQueue(QUEUE);
			if (this.exchange != null) {
				admin.deleteExchange(this.exchange);
			}
		}
		finally {
			connectionFactory.destroy();
		}
	}

}
