package io.mmate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime packages never depend on the auto-configuration, so that a Spring Boot-free core can be split out as
 * a file move; and every package says what it holds.
 */
class PackageDependencyTests {

	private static final Path SOURCES = Path.of("src/main/java/io/mmate");

	@Test
	void runtimePackagesDoNotImportTheAutoConfiguration() throws IOException {
		try (Stream<Path> files = Files.walk(SOURCES)) {
			List<Path> offenders = files.filter((file) -> file.toString().endsWith(".java"))
				.filter((file) -> !file.startsWith(SOURCES.resolve("autoconfigure")))
				.filter(PackageDependencyTests::mentionsAutoConfiguration)
				.toList();
			assertThat(offenders).isEmpty();
		}
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

	private static boolean mentionsAutoConfiguration(Path file) {
		try {
			return Files.readString(file).contains("io.mmate.autoconfigure");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
