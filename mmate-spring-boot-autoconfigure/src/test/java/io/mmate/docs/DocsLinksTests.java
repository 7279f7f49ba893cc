package io.mmate.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link of README.md and docs/*.md points at a file that exists and, with a {@code #anchor}, at one of
 * its headings.
 */
class DocsLinksTests {

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	@Test
	void relativeLinksPointAtExistingFilesAndHeadings() {
		List<String> broken = new ArrayList<>();
		int checked = 0;
		for (Path file : DocsFiles.markdownFiles()) {
			String prose = String.join("\n", DocsFiles.proseLines(DocsFiles.read(file)));
			Matcher matcher = LINK.matcher(prose.replaceAll("`[^`\n]*`", "``"));
			while (matcher.find()) {
				String target = matcher.group(1);
				if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
					continue; // http:, https:, mailto:
				}
				checked++;
				String problem = problem(file, target);
				if (problem != null) {
					broken.add(DocsFiles.ROOT.relativize(file) + ": " + target + ": " + problem);
				}
			}
		}
		assertThat(checked).as("relative links checked").isGreaterThan(50);
		assertThat(broken).as("broken links").isEmpty();
	}

	@Test
	void anchorsFollowGitHubRules() {
		assertThat(DocsFiles.anchor("Request/reply, generic publishing and error replies with Go"))
			.isEqualTo("requestreply-generic-publishing-and-error-replies-with-go");
		assertThat(DocsFiles.anchor("Interop with Go and .NET")).isEqualTo("interop-with-go-and-net");
		assertThat(DocsFiles.anchors("# A\n\n```\n# not a heading\n```\n## A\n")).containsExactly("a", "a-1");
	}

	private static String problem(Path file, String target) {
		int hash = target.indexOf('#');
		String path = (hash >= 0) ? target.substring(0, hash) : target;
		String anchor = (hash >= 0) ? target.substring(hash + 1) : null;
		Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
		if (!Files.exists(resolved)) {
			return "no such file";
		}
		if (anchor != null) {
			if (!resolved.toString().endsWith(".md")) {
				return "an anchor into a file that is not Markdown";
			}
			if (!DocsFiles.anchors(DocsFiles.read(resolved)).contains(anchor)) {
				return "no heading with that anchor";
			}
		}
		return null;
	}

}
