package io.mmate.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Mmate against the ways a Spring team would otherwise move messages, and against PerfTest as the ceiling, in one
 * run: the variants take turns round by round so that each sees the same broker, and each figure is the median of
 * its rounds.
 *
 * <ul>
 * <li>{@code throughput}: end to end (publish while consuming) and publish-only, 256-byte payloads;</li>
 * <li>{@code payloads}: a full queue drained, at 1 KB, 16 KB and 256 KB payloads.</li>
 * </ul>
 * Message counts and rounds can be changed with {@code --messages=} and {@code --rounds=}; {@code --only=Mmate}
 * runs only the variants whose names contain that text (for profiling one of them).
 */
@Component
class ThroughputBenchmark implements ApplicationRunner {

	private static final int PAYLOAD = 256;

	private final RabbitAdmin admin;

	private String only = "";

	ThroughputBenchmark(RabbitTemplate rabbit) {
		this.admin = new RabbitAdmin(rabbit);
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		int rounds = option(args, "rounds", 3);
		List<String> only = args.getOptionValues("only");
		this.only = (only != null && !only.isEmpty()) ? only.get(0) : "";
		if (args.getNonOptionArgs().contains("throughput")) {
			int messages = option(args, "messages", 200_000);
			endToEnd(messages, rounds);
			publishOnly(messages, rounds);
		}
		if (args.getNonOptionArgs().contains("payloads")) {
			payloads(rounds);
		}
	}

	private void endToEnd(int messages, int rounds) throws Exception {
		List<ThroughputVariant> variants = variants(MmateVariant.perMessage());
		Results results = new Results("throughput-end-to-end", String.format(Locale.ROOT,
				"end to end: %,d persistent messages, %d-byte payload, confirms, manual acks, prefetch %d", messages,
				PAYLOAD, ThroughputVariant.PREFETCH), "msg/s");
		for (ThroughputVariant variant : variants) {
			variant.endToEnd(Math.min(messages, 20_000), PAYLOAD);
		}
		for (int round = 0; round < rounds; round++) {
			for (ThroughputVariant variant : variants) {
				results.add(variant.name(), variant.endToEnd(messages, PAYLOAD));
			}
		}
		results.write(baselines(variants));
	}

	private void publishOnly(int messages, int rounds) throws Exception {
		List<ThroughputVariant> variants = variants(MmateVariant.perMessage(), MmateVariant.batch());
		Results results = new Results("throughput-publish", String.format(Locale.ROOT,
				"publishing only: %,d persistent messages, %d-byte payload, all confirmed", messages, PAYLOAD),
				"msg/s");
		for (int round = 0; round < rounds; round++) {
			for (ThroughputVariant variant : variants) {
				results.add(variant.name(), variant.publishOnly(messages, PAYLOAD));
			}
		}
		results.write(baselines(variants));
	}

	private void payloads(int rounds) throws Exception {
		List<ThroughputVariant> variants = variants(MmateVariant.perMessage());
		variants.removeIf((variant) -> variant instanceof PlainSpringAmqpVariant plain && !plain.isOneChannel());
		int[][] sizes = { { 1024, 20_000 }, { 16 * 1024, 10_000 }, { 256 * 1024, 1_000 } };
		for (int[] size : sizes) {
			Results results = new Results("payloads-" + (size[0] / 1024) + "k", String.format(Locale.ROOT,
					"draining %,d persistent messages of %d KB, manual acks, prefetch %d", size[1], size[0] / 1024,
					ThroughputVariant.PREFETCH), "msg/s");
			for (int round = 0; round < rounds; round++) {
				for (ThroughputVariant variant : variants) {
					results.add(variant.name(), variant.drain(size[1], size[0]));
				}
			}
			results.write(baselines(variants));
		}
	}

	private List<ThroughputVariant> variants(ThroughputVariant... mmate) {
		List<ThroughputVariant> variants = new ArrayList<>(List.of(mmate));
		variants.add(PlainSpringAmqpVariant.bootDefaults());
		variants.add(PlainSpringAmqpVariant.oneChannel());
		String perfTest = System.getProperty(PerfTestVariant.CLASSPATH_PROPERTY);
		if (perfTest != null) {
			variants.add(new PerfTestVariant(perfTest, this.admin));
		}
		variants.removeIf((variant) -> !variant.name().contains(this.only));
		return variants;
	}

	private static String[] baselines(List<ThroughputVariant> variants) {
		return variants.stream()
			.filter((variant) -> !(variant instanceof MmateVariant) || variants.size() == 1)
			.map(ThroughputVariant::name)
			.toArray(String[]::new);
	}

	private static int option(ApplicationArguments args, String name, int fallback) {
		List<String> values = args.getOptionValues(name);
		return (values != null && !values.isEmpty()) ? Integer.parseInt(values.get(0)) : fallback;
	}

}
