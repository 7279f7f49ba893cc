package io.mmate.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * RabbitMQ PerfTest, the broker team's load tool, with the same settings as the others: the ceiling a client on this
 * machine can reach. It runs in a JVM of its own, from the class path in the system property
 * {@value #CLASSPATH_PROPERTY} that {@code scripts/benchmark.sh} sets; its own average rates are reported.
 */
final class PerfTestVariant implements ThroughputVariant {

	/** The system property holding PerfTest's class path. */
	static final String CLASSPATH_PROPERTY = "mmate.benchmarks.perf-test-classpath";

	private static final String QUEUE = "bench.perf-test";

	private static final Pattern RATE = Pattern.compile("(sending|receiving) rate avg: (\\d+) msg/s");

	private final String classpath;

	private final RabbitAdmin admin;

	PerfTestVariant(String classpath, RabbitAdmin admin) {
		this.classpath = classpath;
		this.admin = admin;
	}

	@Override
	public String name() {
		return "RabbitMQ PerfTest 2.22 (ceiling)";
	}

	@Override
	public double endToEnd(int messages, int payloadSize, Measurement measurement) throws Exception {
		try {
			return run(measurement, "receiving", "-x", "1", "-y", "1", "-C", messages, "-D", messages, "-s",
					payloadSize);
		}
		finally {
			this.admin.deleteQueue(QUEUE);
		}
	}

	@Override
	public double publishOnly(int messages, int payloadSize, Measurement measurement) throws Exception {
		try {
			return run(measurement, "sending", "-x", "1", "-y", "0", "-C", messages, "-s", payloadSize);
		}
		finally {
			this.admin.deleteQueue(QUEUE);
		}
	}

	@Override
	public double drain(int messages, int payloadSize, Measurement measurement) throws Exception {
		try {
			run(null, "sending", "-x", "1", "-y", "0", "-C", messages, "-s", payloadSize);
			// -p: consume the queue the first run declared and filled.
			return run(measurement, "receiving", "-x", "0", "-y", "1", "-D", messages, "-p");
		}
		finally {
			this.admin.deleteQueue(QUEUE);
		}
	}

	// The rate is PerfTest's own average; the measurement spans the whole process, for the broker's CPU.
	private double run(Measurement measurement, String rate, Object... options)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("-h", "amqp://guest:guest@127.0.0.1:5672", "-u", QUEUE, "-ad",
				"false", "-f", "persistent", "-q", String.valueOf(PREFETCH), "-c", "100"));
		for (Object option : options) {
			command.add(String.valueOf(option));
		}
		if (measurement != null) {
			measurement.start();
		}
		List<String> output = PerfTestProcess.run(this.classpath, command, Duration.ofMinutes(10));
		if (measurement != null) {
			measurement.stop();
		}
		Double result = null;
		for (String line : output) {
			Matcher matcher = RATE.matcher(line);
			if (matcher.find() && matcher.group(1).equals(rate)) {
				result = Double.parseDouble(matcher.group(2));
			}
		}
		if (result == null) {
			throw new IllegalStateException("PerfTest gave no " + rate + " rate: " + String.join("\n", output));
		}
		return result;
	}

}
