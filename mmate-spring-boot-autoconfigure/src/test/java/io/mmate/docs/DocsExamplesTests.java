package io.mmate.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java examples of README.md and docs/*.md marked {@code <!-- example: ClassName#tag -->} are the regions between
 * {@code // tag::tag[]} and {@code // end::tag[]} of compiled sources in {@code io.mmate.docs.examples}, apart from
 * their indentation.
 */
class DocsExamplesTests {

	private static final Path EXAMPLES = Path.of("src/test/java/io/mmate/docs/examples");

	private static final Pattern MARKER = Pattern.compile("^<!-- example: ([A-Za-z0-9_]+)#([a-z0-9-]+) -->$");

	@Test
	void markedExamplesAreTheCompiledSources() throws IOException {
		List<String> differences = new ArrayList<>();
		int checked = 0;
		for (Path file : DocsFiles.markdownFiles()) {
			List<String> lines = List.of(DocsFiles.read(file).split("\n", -1));
			for (int i = 0; i < lines.size(); i++) {
				Matcher marker = MARKER.matcher(lines.get(i).strip());
				if (!marker.matches()) {
					continue;
				}
				String where = DocsFiles.ROOT.relativize(file) + ":" + (i + 1);
				int open = i + 1;
				while (open < lines.size() && lines.get(open).isBlank()) {
					open++;
				}
				if (open >= lines.size() || !lines.get(open).strip().equals("```java")) {
					differences.add(where + ": the marker is not followed by a ```java block");
					continue;
				}
				int close = open + 1;
				while (close < lines.size() && !lines.get(close).strip().equals("```")) {
					close++;
				}
				List<String> block = normalise(lines.subList(open + 1, Math.min(close, lines.size())));
				List<String> region = region(marker.group(1), marker.group(2), where, differences);
				checked++;
				if (region != null && !region.equals(block)) {
					differences.add(where + ": the block differs from " + marker.group(1) + "#" + marker.group(2)
							+ "\n--- compiled source\n" + String.join("\n", region) + "\n--- Markdown\n"
							+ String.join("\n", block));
				}
			}
		}
		assertThat(checked).as("marked examples").isGreaterThanOrEqualTo(10);
		assertThat(differences).as("examples that differ from their compiled sources").isEmpty();
	}

	@Test
	void normalisingRemovesTheCommonIndentation() {
		assertThat(normalise(List.of("", "\t\tint a;", "\t\t\tint b;  ", ""))).containsExactly("int a;", "\tint b;");
	}

	private static List<String> region(String className, String tag, String where, List<String> differences)
			throws IOException {
		List<Path> sources;
		try (Stream<Path> paths = Files.walk(EXAMPLES)) {
			sources = paths.filter((path) -> path.getFileName().toString().equals(className + ".java")).toList();
		}
		if (sources.size() != 1) {
			differences.add(where + ": " + sources.size() + " sources named " + className + ".java");
			return null;
		}
		List<String> lines = Files.readAllLines(sources.get(0));
		int start = lines.indexOf(lines.stream().filter((l) -> l.strip().equals("// tag::" + tag + "[]")).findFirst()
			.orElse("\u0000"));
		int end = lines.indexOf(lines.stream().filter((l) -> l.strip().equals("// end::" + tag + "[]")).findFirst()
			.orElse("\u0000"));
		if (start < 0 || end < start) {
			differences.add(where + ": no region " + tag + " in " + sources.get(0));
			return null;
		}
		return normalise(lines.subList(start + 1, end)
			.stream()
			.filter((line) -> !line.strip().matches("// (tag|end)::[a-z0-9-]+\\[\\]"))
			.toList());
	}

	/** Without trailing whitespace, leading and trailing blank lines, and the indentation all lines share. */
	static List<String> normalise(List<String> lines) {
		List<String> stripped = new ArrayList<>(lines.stream().map(String::stripTrailing).toList());
		while (!stripped.isEmpty() && stripped.get(0).isEmpty()) {
			stripped.remove(0);
		}
		while (!stripped.isEmpty() && stripped.get(stripped.size() - 1).isEmpty()) {
			stripped.remove(stripped.size() - 1);
		}
		int common = stripped.stream()
			.filter((line) -> !line.isEmpty())
			.mapToInt((line) -> line.length() - line.stripLeading().length())
			.min()
			.orElse(0);
		return stripped.stream().map((line) -> line.isEmpty() ? line : line.substring(common)).toList();
	}

}
