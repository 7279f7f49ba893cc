package io.mmate.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * End-to-end throughput on a RabbitMQ cluster with quorum queues ({@code cluster}): Mmate with
 * {@code mmate.queue.type=quorum} against RabbitMQ PerfTest with {@code --quorum-queue} as the ceiling, in one run,
 * round by round. Both publish persistent 256-byte payloads with at most {@value ThroughputVariant#UNCONFIRMED}
 * messages unconfirmed while one consumer with prefetch 250 acknowledges each message; both connect to the first node
 * of {@code --cluster-addresses}, where the queue they declare has its leader. Each variant runs for the same time and its figure is the median of its
 * per-second receive rates after the warm-up ({@link SteadyRate}); the table gives the median of the rounds.
 * Options: {@code --cluster-addresses=} (the local cluster of {@code scripts/rabbitmq.sh cluster up} by default),
 * {@code --seconds=} (40), {@code --warm-up=} (10) and {@code --rounds=} (3).
 */
@Component
class ClusterBenchmark implements ApplicationRunner {

	static final String PERF_TEST = "RabbitMQ PerfTest 2.22 --quorum-queue (ceiling)";

	private static final int PAYLOAD = 256;

	private final CpuMeter cpu = new CpuMeter();

	@Override
	public void run(ApplicationArguments args) throws Exception {
		if (!args.getNonOptionArgs().contains("cluster")) {
			return;
		}
		String addresses = option(args, "cluster-addresses", "127.0.0.1:5673,127.0.0.1:5674,127.0.0.1:5675");
		SteadyRate steady = new SteadyRate(Integer.parseInt(option(args, "seconds", "40")),
				Integer.parseInt(option(args, "warm-up", "10")));
		int rounds = Integer.parseInt(option(args, "rounds", "3"));
		List<ThroughputVariant> variants = new ArrayList<>(List.of(MmateVariant.onCluster(addresses)));
		String perfTest = System.getProperty(PerfTestVariant.CLASSPATH_PROPERTY);
		List<String> baselines = new ArrayList<>();
		if (perfTest != null) {
			PerfTestVariant ceiling = PerfTestVariant.quorum(PERF_TEST, perfTest, addresses.split(",")[0].trim());
			// PerfTest sends the payload alone; with a body as large as Mmate's envelope it shows what the bytes cost.
			PerfTestVariant mmateSize = ceiling.withBodySize(PlainSpringAmqpVariant.mmateBodySize(PAYLOAD));
			variants.add(ceiling);
			variants.add(mmateSize);
			baselines.add(ceiling.name());
			baselines.add(mmateSize.name());
		}
		Results results = new Results("cluster-end-to-end", String.format(Locale.ROOT,
				"3-node cluster, quorum queue, end to end: persistent %d-byte payloads, %d unconfirmed at most, "
						+ "prefetch %d; median per-second rate over %d s after a %d s warm-up",
				PAYLOAD, ThroughputVariant.UNCONFIRMED, ThroughputVariant.PREFETCH, steady.seconds() - steady.warmUp(),
				steady.warmUp()),
				"msg/s");
		for (int round = 0; round < rounds; round++) {
			for (ThroughputVariant variant : variants) {
				results.add(variant.name(), variant.steady(steady, PAYLOAD, true, new Measurement(this.cpu)));
			}
		}
		results.write(baselines.toArray(String[]::new));
	}

	private static String option(ApplicationArguments args, String name, String fallback) {
		List<String> values = args.getOptionValues(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : fallback;
	}

}
