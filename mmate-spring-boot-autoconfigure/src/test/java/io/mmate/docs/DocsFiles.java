package io.mmate.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The project's Markdown documentation, read from the working tree: {@code README.md} and {@code docs/**}.
 */
final class DocsFiles {

	/** The project's root, seen from the module, where Maven runs the tests. */
	static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private DocsFiles() {
	}

	static Path readme() {
		return ROOT.resolve("README.md");
	}

	static Path docs() {
		return ROOT.resolve("docs");
	}

	/** README.md and every Markdown file under docs/. */
	static List<Path> markdownFiles() {
		List<Path> files = new ArrayList<>();
		files.add(readme());
		try (Stream<Path> paths = Files.walk(docs())) {
			paths.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(files::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return files;
	}

	static String read(Path path) {
		try {
			return Files.readString(path, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The lines of a Markdown file outside fenced code blocks; the lines inside are replaced by empty ones. */
	static List<String> proseLines(String markdown) {
		List<String> lines = new ArrayList<>();
		boolean fenced = false;
		for (String line : markdown.split("\n", -1)) {
			if (line.stripLeading().startsWith("```")) {
				fenced = !fenced;
				lines.add("");
			}
			else {
				lines.add(fenced ? "" : line);
			}
		}
		return lines;
	}

	/**
	 * The anchors GitHub gives the headings of a Markdown file: lower case, punctuation dropped, spaces to hyphens,
	 * and {@code -1}, {@code -2}, ... after repeated ones.
	 */
	static Set<String> anchors(String markdown) {
		Set<String> anchors = new LinkedHashSet<>();
		Map<String, Integer> seen = new HashMap<>();
		for (String line : proseLines(markdown)) {
			if (!line.matches("^#{1,6} .*")) {
				continue;
			}
			String anchor = anchor(line.replaceFirst("^#{1,6} ", ""));
			int count = seen.merge(anchor, 1, Integer::sum);
			anchors.add((count == 1) ? anchor : anchor + "-" + (count - 1));
		}
		return anchors;
	}

	static String anchor(String heading) {
		String text = heading.strip().toLowerCase(Locale.ROOT);
		StringBuilder anchor = new StringBuilder();
		text.codePoints().forEach((c) -> {
			if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
				anchor.appendCodePoint(c);
			}
			else if (c == ' ') {
				anchor.append('-');
			}
		});
		return anchor.toString();
	}

}
