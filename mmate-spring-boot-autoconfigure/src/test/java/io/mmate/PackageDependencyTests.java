package io.mmate;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.stream.Stream;

import io.mmate.testsupport.PackageGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dependencies between the packages of the compiled main classes: no package cycles, so that each package can be
 * understood and changed from the bottom up; no runtime package that depends on the auto-configuration, so that a
 * Spring Boot-free core can be split out as a file move; and every package says what it holds. Packages are read from
 * the classes, so new packages are covered as they come.
 */
class PackageDependencyTests {

	private static final String ROOT = "io.mmate";

	private static final String AUTOCONFIGURE = "io.mmate.autoconfigure";

	private static final Path SOURCES = Path.of("src/main/java/io/mmate");

	private static PackageGraph graph;

	@BeforeAll
	static void readCompiledClasses() throws IOException, URISyntaxException {
		Path classes = Path.of(Message.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		graph = PackageGraph.read(classes, ROOT);
		System.out.println("Package dependencies of " + classes + ":" + System.lineSeparator() + graph);
	}

	@Test
	void packagesHaveNoCycles() {
		List<String> cycles = graph.cycles().stream().map(PackageDependencyTests::describe).toList();
		assertThat(cycles).as("package cycles").isEmpty();
	}

	@Test
	void runtimePackagesDoNotDependOnTheAutoConfiguration() {
		List<String> offenders = new ArrayList<>();
		for (String from : graph.packages()) {
			if (!isAutoConfiguration(from)) {
				graph.dependencies(from)
					.stream()
					.filter(PackageDependencyTests::isAutoConfiguration)
					.forEach((to) -> offenders.add(from + " -> " + to + " " + graph.reasons(from, to)));
			}
		}
		assertThat(offenders).isEmpty();
	}

	@Test
	void readsTheDependenciesOfTheCompiledClasses() {
		assertThat(graph.packages()).contains(ROOT, AUTOCONFIGURE, ROOT + ".envelope");
		assertThat(graph.dependencies(AUTOCONFIGURE)).contains(ROOT, ROOT + ".envelope");
		assertThat(graph.reasons(AUTOCONFIGURE, ROOT + ".envelope"))
			.contains("MmateAutoConfiguration -> TypeRegistry");
	}

	@Test
	void everyPackageHasAPackageInfo() throws IOException {
		try (Stream<Path> directories = Files.walk(SOURCES)) {
			List<Path> withoutInfo = directories.filter(Files::isDirectory)
				.filter((directory) -> !Files.exists(directory.resolve("package-info.java")))
				.toList();
			assertThat(withoutInfo).isEmpty();
		}
	}

	private static boolean isAutoConfiguration(String packageName) {
		return packageName.equals(AUTOCONFIGURE) || packageName.startsWith(AUTOCONFIGURE + ".");
	}

	private static String describe(SortedSet<String> cycle) {
		List<String> edges = new ArrayList<>();
		for (String from : cycle) {
			graph.dependencies(from)
				.stream()
				.filter(cycle::contains)
				.forEach((to) -> edges.add(from + " -> " + to + " " + graph.reasons(from, to)));
		}
		return String.join(System.lineSeparator(), edges);
	}

}
