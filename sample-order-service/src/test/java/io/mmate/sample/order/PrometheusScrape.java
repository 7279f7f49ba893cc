package io.mmate.sample.order;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of a Prometheus text scrape ({@code GET /actuator/prometheus}), to add up the series of one metric.
 */
final class PrometheusScrape {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private final List<Sample> samples;

	private PrometheusScrape(List<Sample> samples) {
		this.samples = samples;
	}

	/**
	 * Read a scrape.
	 * @param text the scrape in the Prometheus text format
	 * @return its samples
	 */
	static PrometheusScrape parse(String text) {
		return new PrometheusScrape(text.lines()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.map(SAMPLE::matcher)
			.filter(Matcher::find)
			.map((sample) -> new Sample(sample.group(1), labels(sample.group(2)), Double.parseDouble(sample.group(3))))
			.toList());
	}

	/**
	 * The sum of the samples of a metric that carry all the given labels, 0 when there are none.
	 * @param metric the metric name, such as {@code mmate_messages_handled_seconds_count}
	 * @param labels the labels a sample must have
	 * @return the sum
	 */
	double sum(String metric, Map<String, String> labels) {
		return this.samples.stream()
			.filter((sample) -> sample.metric().equals(metric))
			.filter((sample) -> sample.labels().entrySet().containsAll(labels.entrySet()))
			.mapToDouble(Sample::value)
			.sum();
	}

	/**
	 * The samples of the metrics whose names start with a prefix.
	 * @param prefix the prefix, such as {@code mmate_}
	 * @return the samples
	 */
	List<Sample> samples(String prefix) {
		return this.samples.stream().filter((sample) -> sample.metric().startsWith(prefix)).toList();
	}

	private static Map<String, String> labels(String text) {
		Map<String, String> labels = new LinkedHashMap<>();
		if (text != null) {
			Matcher label = LABEL.matcher(text);
			while (label.find()) {
				labels.put(label.group(1), label.group(2));
			}
		}
		return labels;
	}

	/**
	 * One sample.
	 *
	 * @param metric the metric name
	 * @param labels its labels
	 * @param value its value
	 */
	record Sample(String metric, Map<String, String> labels, double value) {

	}

}
