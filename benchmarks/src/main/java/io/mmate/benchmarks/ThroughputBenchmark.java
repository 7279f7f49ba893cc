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
 * <li>{@code throughput}: end to end (publish while consuming) and publish-only, 256-byte payloads, in steady state:
 * every variant, PerfTest included, publishes for the same time ({@code --seconds=}, 30) with at most
 * {@value ThroughputVariant#UNCONFIRMED} messages unconfirmed, and its figure for a round is the median of its
 * per-second rates after the warm-up ({@code --warm-up=}, 10 s; {@link SteadyRate}); CPU per message covers the same
 * seconds;</li>
 * <li>{@code wire}: what each part of Mmate's wire format costs the broker, in steady state likewise;</li>
 * <li>{@code payloads}: a full queue drained, at 1 KB, 16 KB and 256 KB payloads.</li>
 * </ul>
 * Rounds can be changed with {@code --rounds=} (3); {@code --only=Mmate,tuned} runs only the variants whose names
 * contain one of these texts (for profiling or a closer look at some).
 */
@Component
class ThroughputBenchmark implements ApplicationRunner {

	private static final int PAYLOAD = 256;

	private final RabbitAdmin admin;

	private final CpuMeter cpu = new CpuMeter();

	private List<String> only = List.of("");

	ThroughputBenchmark(RabbitTemplate rabbit) {
		this.admin = new RabbitAdmin(rabbit);
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		int rounds = option(args, "rounds", 3);
		List<String> only = args.getOptionValues("only");
		this.only = (only != null && !only.isEmpty()) ? List.of(only.get(0).split(",")) : List.of("");
		if (args.getNonOptionArgs().contains("throughput")) {
			SteadyRate steady = new SteadyRate(option(args, "seconds", 30), option(args, "warm-up", 10));
			steady(steady, rounds, true);
			steady(steady, rounds, false);
		}
		if (args.getNonOptionArgs().contains("wire")) {
			wire(new SteadyRate(option(args, "seconds", 30), option(args, "warm-up", 10)), rounds);
		}
		if (args.getNonOptionArgs().contains("payloads")) {
			payloads(rounds);
		}
	}

	/**
	 * What each part of Mmate's wire format costs the broker: the same tuned publisher and consumer sending the bare
	 * payload, Mmate's body alone, Mmate's body with its header table, through the topic exchange, and mandatory;
	 * Mmate itself; PerfTest with the payload's and the body's size, and with the body's size through a topic exchange,
	 * beside them.
	 */
	private void wire(SteadyRate steady, int rounds) throws Exception {
		List<ThroughputVariant> variants = new ArrayList<>(List.of(PlainSpringAmqpVariant.oneChannel(),
				PlainSpringAmqpVariant.oneChannelMmateBody(), PlainSpringAmqpVariant.oneChannelMmateWire(),
				PlainSpringAmqpVariant.oneChannelMmateTopic(), PlainSpringAmqpVariant.oneChannelMmateRoute(),
				MmateVariant.perMessage(), MmateVariant.perMessageMinimalHeaders()));
		String perfTest = System.getProperty(PerfTestVariant.CLASSPATH_PROPERTY);
		if (perfTest != null) {
			PerfTestVariant ceiling = PerfTestVariant.local(perfTest);
			PerfTestVariant mmateSize = ceiling.withBodySize(PlainSpringAmqpVariant.mmateBodySize(PAYLOAD));
			variants.add(ceiling);
			variants.add(mmateSize);
			variants.add(mmateSize.withTopicRoute(PlainSpringAmqpVariant.MMATE_ROUTING_KEY));
		}
		Table table = new Table("wire-cost", String.format(Locale.ROOT,
				"what the wire format costs: end to end, tuned Spring AMQP, %d-byte payload, at most %d unconfirmed, "
						+ "prefetch %d; median per-second rate over %d s after a %d s warm-up",
				PAYLOAD, ThroughputVariant.UNCONFIRMED, ThroughputVariant.PREFETCH, steady.seconds() - steady.warmUp(),
				steady.warmUp()));
		for (int round = 0; round < rounds; round++) {
			for (ThroughputVariant variant : variants) {
				Measurement measurement = new Measurement(this.cpu);
				double rate = variant.steady(steady, PAYLOAD, true, measurement);
				table.add(variant, rate, measurement, measurement.messages());
			}
		}
		// PerfTest with Mmate's body through a topic exchange: what any client could reach with Mmate's wire format.
		table.write(variants.stream()
			.map(ThroughputVariant::name)
			.filter((name) -> name.equals(variants.get(0).name()) || name.endsWith("via a topic exchange"))
			.toArray(String[]::new));
	}

	private void steady(SteadyRate steady, int rounds, boolean consume) throws Exception {
		List<ThroughputVariant> variants = consume
				? variants(MmateVariant.perMessage(), MmateVariant.perMessageMinimalHeaders())
				: variants(MmateVariant.perMessage(), MmateVariant.batch());
		String what = consume ? "end to end" : "publishing only";
		Table table = new Table(consume ? "throughput-end-to-end" : "throughput-publish", String.format(Locale.ROOT,
				"%s: persistent messages, %d-byte payload, at most %d unconfirmed%s; median per-second rate over "
						+ "%d s after a %d s warm-up",
				what, PAYLOAD, ThroughputVariant.UNCONFIRMED,
				consume ? ", manual acks, prefetch " + ThroughputVariant.PREFETCH : "",
				steady.seconds() - steady.warmUp(), steady.warmUp()));
		for (int round = 0; round < rounds; round++) {
			for (ThroughputVariant variant : variants) {
				Measurement measurement = new Measurement(this.cpu);
				double rate = variant.steady(steady, PAYLOAD, consume, measurement);
				table.add(variant, rate, measurement, measurement.messages());
			}
		}
		table.write(baselines(variants));
	}

	private void payloads(int rounds) throws Exception {
		List<ThroughputVariant> variants = variants(MmateVariant.perMessage());
		// Draining compares consumers: Spring AMQP's (the same in all its variants) and PerfTest's are enough.
		variants.removeIf((variant) -> variant instanceof PlainSpringAmqpVariant plain && !plain.isOneChannel());
		variants.removeIf((variant) -> variant instanceof SpringCloudStreamVariant);
		int[][] sizes = { { 1024, 20_000 }, { 16 * 1024, 10_000 }, { 256 * 1024, 1_000 } };
		for (int[] size : sizes) {
			Table table = new Table("payloads-" + (size[0] / 1024) + "k", String.format(Locale.ROOT,
					"draining %,d persistent messages of %d KB, manual acks, prefetch %d", size[1], size[0] / 1024,
					ThroughputVariant.PREFETCH));
			for (int round = 0; round < rounds; round++) {
				for (ThroughputVariant variant : variants) {
					Measurement measurement = new Measurement(this.cpu);
					table.add(variant, variant.drain(size[1], size[0], measurement), measurement, size[1]);
				}
			}
			table.write(baselines(variants));
		}
	}

	private List<ThroughputVariant> variants(ThroughputVariant... mmate) {
		List<ThroughputVariant> variants = new ArrayList<>(List.of(mmate));
		variants.add(PlainSpringAmqpVariant.bootDefaults());
		variants.add(PlainSpringAmqpVariant.oneChannel());
		variants.add(PlainSpringAmqpVariant.oneChannelMmateWire());
		variants.add(new SpringCloudStreamVariant());
		String perfTest = System.getProperty(PerfTestVariant.CLASSPATH_PROPERTY);
		if (perfTest != null) {
			PerfTestVariant ceiling = PerfTestVariant.local(perfTest);
			variants.add(ceiling);
			variants.add(ceiling.withBodySize(PlainSpringAmqpVariant.mmateBodySize(PAYLOAD)));
		}
		variants.removeIf((variant) -> this.only.stream().noneMatch(variant.name()::contains));
		return variants;
	}

	private static String[] baselines(List<ThroughputVariant> variants) {
		// The baselines are the other ways; PerfTest with Mmate's body size only explains, it is no baseline.
		return variants.stream()
			.filter((variant) -> !(variant instanceof MmateVariant) || variants.size() == 1)
			.filter((variant) -> !variant.name().contains("Mmate's size"))
			.map(ThroughputVariant::name)
			.toArray(String[]::new);
	}

	private static int option(ApplicationArguments args, String name, int fallback) {
		List<String> values = args.getOptionValues(name);
		return (values != null && !values.isEmpty()) ? Integer.parseInt(values.get(0)) : fallback;
	}

	/**
	 * The three results of one comparison: messages per second, and the client's and the broker's CPU per message.
	 * PerfTest runs in a JVM of its own, so its client CPU is not measured.
	 */
	private static final class Table {

		private final Results rate;

		private final Results client;

		private final Results broker;

		Table(String name, String title) {
			this.rate = new Results(name, title, "msg/s");
			this.client = new Results(name + "-client-cpu", title + ": client CPU per message", "µs/msg");
			this.broker = new Results(name + "-broker-cpu", title + ": broker CPU per message", "µs/msg");
		}

		void add(ThroughputVariant variant, double rate, Measurement measurement, long messages) {
			this.rate.add(variant.name(), rate);
			if (!(variant instanceof PerfTestVariant)) {
				this.client.add(variant.name(), measurement.clientMicrosPerMessage(messages));
			}
			double broker = measurement.brokerMicrosPerMessage(messages);
			if (broker >= 0) {
				this.broker.add(variant.name(), broker);
			}
		}

		void write(String... baselines) {
			this.rate.write(baselines);
			this.client.write(baselines);
			if (this.broker.hasFigures()) {
				this.broker.write(baselines);
			}
		}

	}

}
