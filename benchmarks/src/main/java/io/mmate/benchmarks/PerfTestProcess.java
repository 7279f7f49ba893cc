package io.mmate.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * RabbitMQ PerfTest in a JVM of its own: runs it with the given options and returns what it printed, once it has
 * exited, for the caller to read its rates from.
 */
final class PerfTestProcess {

	private PerfTestProcess() {
	}

	/**
	 * Run PerfTest to its end.
	 * @param classpath PerfTest's class path
	 * @param options its command-line options
	 * @param timeout how long it may run
	 * @return its output, line by line
	 * @throws IOException when it cannot be started
	 * @throws InterruptedException when interrupted while waiting for it
	 */
	static List<String> run(String classpath, List<String> options, Duration timeout)
			throws IOException, InterruptedException {
		return run(classpath, options, timeout, (line) -> {
		});
	}

	/**
	 * Run PerfTest to its end, handing each line it prints to a listener as it comes.
	 * @param classpath PerfTest's class path
	 * @param options its command-line options
	 * @param timeout how long it may run
	 * @param lines called with each line, on the calling thread
	 * @return its output, line by line
	 * @throws IOException when it cannot be started
	 * @throws InterruptedException when interrupted while waiting for it
	 */
	static List<String> run(String classpath, List<String> options, Duration timeout, Consumer<String> lines)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", classpath, "com.rabbitmq.perf.PerfTest"));
		command.addAll(options);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		List<String> output = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				output.add(line);
				lines.accept(line);
			}
		}
		if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("PerfTest did not end within " + timeout + ": " + String.join("\n", output));
		}
		return output;
	}

}
