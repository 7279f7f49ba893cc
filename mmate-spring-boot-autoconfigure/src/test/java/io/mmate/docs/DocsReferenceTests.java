package io.mmate.docs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code mmate.*} and {@code management.health.mmate.*} property of the configuration metadata that the build
 * generates is in {@code docs/reference.md}.
 */
class DocsReferenceTests {

	@Test
	void everyPropertyOfTheMetadataIsInTheReference() throws IOException {
		TreeSet<String> properties = mmateProperties();
		assertThat(properties).as("mmate properties in the metadata").hasSizeGreaterThan(50);
		String reference = DocsFiles.read(DocsFiles.docs().resolve("reference.md"));
		List<String> missing = new ArrayList<>();
		for (String property : properties) {
			if (!documented(reference, property)) {
				missing.add(property);
			}
		}
		assertThat(missing).as("properties of the metadata missing from docs/reference.md").isEmpty();
	}

	/**
	 * A property is documented when the reference names it in code: {@code `name`}, or a map or list property as
	 * {@code `name.*`}, {@code `name.{Type}.*`} or {@code `name[n].key`}.
	 */
	private static boolean documented(String reference, String property) {
		String quoted = "`" + property;
		return reference.contains(quoted + "`") || reference.contains(quoted + ".") || reference.contains(quoted + "[");
	}

	private static TreeSet<String> mmateProperties() throws IOException {
		TreeSet<String> properties = new TreeSet<>();
		JsonMapper mapper = JsonMapper.builder().build();
		Enumeration<URL> resources = DocsReferenceTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		while (resources.hasMoreElements()) {
			try (InputStream in = resources.nextElement().openStream()) {
				JsonNode metadata = mapper.readTree(in);
				for (JsonNode property : metadata.path("properties")) {
					String name = property.path("name").asString();
					if (name.startsWith("mmate.") || name.startsWith("management.health.mmate.")) {
						properties.add(name);
					}
				}
			}
		}
		return properties;
	}

}
