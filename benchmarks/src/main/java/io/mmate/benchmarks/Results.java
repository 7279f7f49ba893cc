package io.mmate.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One benchmark's results: the figures of every round per variant, reported as the median per variant and its ratio
 * to a baseline variant of the same run, printed and written to {@code benchmarks/results/{name}.md}.
 *
 * <p>A round may have several figures, one per unit (such as {@code req/s} and {@code p99 ms}), and variants may be
 * measured under several conditions (such as the number of requests in flight); a variant is then compared with the
 * baseline measured under the same condition.
 */
final class Results {

	private final String name;

	private final String title;

	private final List<String> units;

	private final Map<Row, List<double[]>> rounds = new LinkedHashMap<>();

	/**
	 * Create empty results.
	 * @param name the file name, without extension
	 * @param title the table's first heading: what was measured, under which conditions
	 * @param units the unit of each figure of a round, such as {@code msg/s}
	 */
	Results(String name, String title, String... units) {
		if (units.length == 0) {
			throw new IllegalArgumentException("At least one unit is required");
		}
		this.name = name;
		this.title = title;
		this.units = List.of(units);
	}

	/**
	 * Record one round's figures of a variant.
	 * @param variant the variant
	 * @param values the figures, one per unit
	 */
	void add(String variant, double... values) {
		add("", variant, values);
	}

	/**
	 * Record one round's figures of a variant under a condition.
	 * @param condition the condition, such as {@code 16 in flight}
	 * @param variant the variant
	 * @param values the figures, one per unit
	 */
	void add(String condition, String variant, double... values) {
		if (values.length != this.units.size()) {
			throw new IllegalArgumentException("Expected " + this.units.size() + " figures " + this.units + " but got "
					+ values.length);
		}
		Row row = new Row(condition, variant);
		this.rounds.computeIfAbsent(row, (key) -> new ArrayList<>()).add(values.clone());
		StringBuilder line = new StringBuilder(this.name).append(": ").append(row.label());
		for (int i = 0; i < values.length; i++) {
			line.append(String.format(Locale.ROOT, " %.1f %s", values[i], this.units.get(i)));
		}
		System.out.println(line);
	}

	/**
	 * Whether any figure was recorded.
	 * @return whether there are figures
	 */
	boolean hasFigures() {
		return !this.rounds.isEmpty();
	}

	/**
	 * The median of a variant's rounds, of its first figure.
	 * @param variant the variant
	 * @return the median
	 */
	double median(String variant) {
		return median("", variant, this.units.get(0));
	}

	/**
	 * The median of a variant's rounds under a condition, of one figure.
	 * @param condition the condition
	 * @param variant the variant
	 * @param unit the unit of the figure
	 * @return the median
	 */
	double median(String condition, String variant, String unit) {
		return median(figures(new Row(condition, variant), unit));
	}

	/**
	 * Print the table, with the ratio of the first figure to each baseline, and write it to the results directory.
	 * @param baselines the variants every median is compared with, each in a ratio column of its own; those
	 * without figures in these results are left out
	 * @return the table
	 */
	String write(String... baselines) {
		// A baseline without figures here (PerfTest's client CPU, say) gets no column.
		return write(Arrays.stream(baselines)
			.filter((baseline) -> this.rounds.keySet().stream().anyMatch((row) -> row.variant().equals(baseline)))
			.map((baseline) -> new Ratio(this.units.get(0), baseline))
			.toList());
	}

	/**
	 * Print the table and write it to the results directory.
	 * @param ratios the ratio columns: each compares one figure with a baseline measured under the same condition
	 * @return the table
	 */
	String write(List<Ratio> ratios) {
		boolean conditions = this.rounds.keySet().stream().anyMatch((row) -> !row.condition().isEmpty());
		boolean single = this.units.size() == 1;
		StringBuilder table = new StringBuilder("| ").append(this.title);
		if (conditions) {
			table.append(" | variant");
		}
		this.units.forEach((unit) -> table.append(" | ").append(unit));
		ratios.forEach((ratio) -> table.append(" | ").append(single ? "" : ratio.unit() + " ")
			.append("vs ")
			.append(ratio.baseline()));
		table.append(single ? " | rounds |\n" : " | rounds (" + this.units.get(0) + ") |\n");
		table.append("| ---").append(conditions ? " | ---" : "");
		table.append(" | ---:".repeat(this.units.size() + ratios.size())).append(" | --- |\n");
		for (Row row : this.rounds.keySet()) {
			table.append("| ").append(conditions ? row.condition() + " | " + row.variant() : row.variant());
			for (String unit : this.units) {
				table.append(" | ").append(format(median(figures(row, unit))));
			}
			for (Ratio ratio : ratios) {
				double baseline = median(figures(new Row(row.condition(), ratio.baseline()), ratio.unit()));
				table.append(String.format(Locale.ROOT, " | %.2fx", median(figures(row, ratio.unit())) / baseline));
			}
			table.append(" | ")
				.append(String.join(", ", figures(row, this.units.get(0)).stream().map(Results::format).toList()))
				.append(" |\n");
		}
		save(this.name, table.toString());
		return table.toString();
	}

	/**
	 * Print a table and write it to {@code benchmarks/results/{name}.md}.
	 * @param name the file name, without extension
	 * @param table the table
	 */
	static void save(String name, String table) {
		System.out.println(table);
		try {
			Path results = Path.of("benchmarks", "results");
			Files.createDirectories(results);
			Files.writeString(results.resolve(name + ".md"), table);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private List<Double> figures(Row row, String unit) {
		int index = this.units.indexOf(unit);
		if (index < 0) {
			throw new IllegalArgumentException("No figure in " + unit + "; the units are " + this.units);
		}
		List<double[]> values = this.rounds.get(row);
		if (values == null) {
			throw new IllegalArgumentException("No rounds of " + row.label());
		}
		return values.stream().map((round) -> round[index]).toList();
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
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

	/**
	 * A ratio column: the median of one figure of each row divided by that of a baseline variant under the same
	 * condition.
	 * @param unit the unit of the figure
	 * @param baseline the baseline variant
	 */
	record Ratio(String unit, String baseline) {

		Ratio {
			Objects.requireNonNull(unit, "unit must not be null");
			Objects.requireNonNull(baseline, "baseline must not be null");
		}

	}

	private record Row(String condition, String variant) {

		String label() {
			return this.condition.isEmpty() ? this.variant : this.condition + ", " + this.variant;
		}

	}

}
