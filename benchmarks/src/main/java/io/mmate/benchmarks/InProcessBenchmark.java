package io.mmate.benchmarks;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import org.springframework.amqp.core.Message;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The in-process cost per message, time and bytes allocated, of {@link InProcessOperations} under JMH, in a forked
 * JVM with the GC profiler. Needs no broker.
 *
 * <p>JMH forks its JVM with this JVM's class path, so this runs from the extracted application jar (whose class path
 * is plain jars), not from the nested jars of the executable one: {@code scripts/benchmark.sh} takes care of it.
 */
@Component
class InProcessBenchmark implements ApplicationRunner {

	private static final String NAME = "inprocess";

	private static final String ALLOCATION = "gc.alloc.rate.norm";

	private static final Map<String, String> OPERATIONS = new LinkedHashMap<>();

	static {
		OPERATIONS.put("decode", "(a) decode: `EnvelopeCodec.decode`");
		OPERATIONS.put("decodeAndDispatch", "(b) decode + `Dispatcher.dispatch` (interceptors, binding, "
				+ "`@MmateHandler` call)");
		OPERATIONS.put("onMessage", "(c) `DeliveryListener.onMessage`: decode, dispatch, ack");
		OPERATIONS.put("publishEvent", "(d) `publishEvent` up to the channel: encode, AMQP properties");
		OPERATIONS.put("payloadAlone", "(e) the payload alone: a plain `JsonMapper` reading it into the event, the "
				+ "baseline of (c)");
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		if (!args.getNonOptionArgs().contains(NAME)) {
			return;
		}
		Collection<RunResult> results = new Runner(new OptionsBuilder()
			.include(InProcessOperations.class.getName() + "\\.")
			.addProfiler(GCProfiler.class)
			.build()).run();
		Results.save(NAME, table(results));
	}

	private static String table(Collection<RunResult> results) {
		Message sample = InProcessRuntime.sampleDelivery();
		StringBuilder table = new StringBuilder();
		table.append(String.format(Locale.ROOT, "| in process, per message (event payload %d B, body %d B, "
				+ "%d AMQP headers) | ns/op | ± | B/op | payload B |%n", StockReservedEvent.PAYLOAD_BYTES,
				sample.getBody().length, sample.getMessageProperties().getHeaders().size()));
		table.append("| --- | ---: | ---: | ---: | ---: |\n");
		for (RunResult result : results) {
			String method = result.getParams().getBenchmark();
			method = method.substring(method.lastIndexOf('.') + 1);
			Result<?> time = result.getPrimaryResult();
			Result<?> allocation = result.getSecondaryResults().get(ALLOCATION);
			table.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %s | %d |%n",
					OPERATIONS.getOrDefault(method, method), time.getScore(), time.getScoreError(),
					(allocation != null) ? String.format(Locale.ROOT, "%.0f", allocation.getScore()) : "n/a",
					StockReservedEvent.PAYLOAD_BYTES));
		}
		RunResult first = results.iterator().next();
		table.append(String.format(Locale.ROOT, "%nJMH %s, %s %s, %d fork, %d warm-up and %d measured iterations of "
				+ "%s, one thread, %d cores. ± is JMH's 99.9%% confidence half-width. Observation registry: NOOP, no "
				+ "meters. Time figures vary with the machine's load; allocation figures are stable.%n",
				first.getParams().getJmhVersion(), first.getParams().getVmName(), first.getParams().getJdkVersion(),
				first.getParams().getForks(), first.getParams().getWarmup().getCount(),
				first.getParams().getMeasurement().getCount(), first.getParams().getMeasurement().getTime(),
				Runtime.getRuntime().availableProcessors()));
		return table.toString();
	}

}
