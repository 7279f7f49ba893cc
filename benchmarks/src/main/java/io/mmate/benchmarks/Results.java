package io.mmate.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One benchmark's results: the figures of every round per variant, reported as the median per variant and its ratio
 * to a baseline variant of the same run, printed and written to {@code benchmarks/results/{name}.md}.
 */
final class Results {

	private final String name;

	private final String title;

	private final String unit;

	private final Map<String, List<Double>> rounds = new LinkedHashMap<>();

	/**
	 * Create empty results.
	 * @param name the file name, without extension
	 * @param title the table's first heading: what was measured, under which conditions
	 * @param unit the unit of the figures, such as {@code msg/s}
	 */
	Results(String name, String title, String unit) {
		this.name = name;
		this.title = title;
		this.unit = unit;
	}

	/**
	 * Record one round's figure of a variant.
	 * @param variant the variant
	 * @param value the figure
	 */
	void add(String variant, double value) {
		this.rounds.computeIfAbsent(variant, (key) -> new ArrayList<>()).add(value);
		System.out.printf(Locale.ROOT, "%s: %s %.1f %s%n", this.name, variant, value, this.unit);
	}

	/**
	 * The median of a variant's rounds.
	 * @param variant the variant
	 * @return the median
	 */
	double median(String variant) {
		List<Double> sorted = this.rounds.get(variant).stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	/**
	 * Print the table and write it to the results directory.
	 * @param baselines the variants every median is compared with, each in a ratio column of its own
	 * @return the table
	 */
	String write(String... baselines) {
		StringBuilder table = new StringBuilder();
		table.append("| ").append(this.title).append(" | ").append(this.unit);
		for (String baseline : baselines) {
			table.append(" | vs ").append(baseline);
		}
		table.append(" | rounds |\n| --- | ---:");
		table.append(" | ---:".repeat(baselines.length)).append(" | --- |\n");
		for (Map.Entry<String, List<Double>> entry : this.rounds.entrySet()) {
			double median = median(entry.getKey());
			table.append("| ").append(entry.getKey()).append(" | ").append(format(median));
			for (String baseline : baselines) {
				table.append(String.format(Locale.ROOT, " | %.2fx", median / median(baseline)));
			}
			table.append(" | ")
				.append(String.join(", ", entry.getValue().stream().map(Results::format).toList()))
				.append(" |\n");
		}
		System.out.println(table);
		try {
			Path results = Path.of("benchmarks", "results");
			Files.createDirectories(results);
			Files.writeString(results.resolve(this.name + ".md"), table);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return table.toString();
	}

	/**
	 * Messages per second since a start time.
	 * @param count the messages
	 * @param startNanos the start, from {@link System#nanoTime()}
	 * @return the rate
	 */
	static double rate(int count, long startNanos) {
		return count / ((System.nanoTime() - startNanos) / 1e9);
	}

	private static String format(double value) {
		return (value >= 100) ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
	}

}
