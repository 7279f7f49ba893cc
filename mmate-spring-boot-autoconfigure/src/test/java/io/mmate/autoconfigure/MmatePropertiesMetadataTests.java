package io.mmate.autoconfigure;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import io.mmate.retry.RetryPolicySettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the configuration metadata generated for {@link MmateProperties}, which IDEs show. The defaults of list
 * values come from {@code additional-spring-configuration-metadata.json}, since the configuration processor reads
 * only scalar field initialisers; these tests keep them in step with the code.
 */
class MmatePropertiesMetadataTests {

	private static final String RETRY = "mmate.retry.";

	private static final String RETRY_OVERRIDES = RETRY + "handlers";

	private static List<JsonNode> properties;

	@BeforeAll
	static void readGeneratedMetadata() throws IOException, URISyntaxException {
		Path classes = Path.of(MmateProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		JsonNode metadata = JsonMapper.builder()
			.build()
			.readTree(classes.resolve("META-INF/spring-configuration-metadata.json").toFile());
		properties = StreamSupport.stream(metadata.get("properties").spliterator(), false).toList();
	}

	@Test
	void everyDefaultRetryPropertyHasADefaultValue() {
		List<JsonNode> retry = retryDefaults();
		assertThat(retry).extracting((property) -> property.get("name").asString())
			.contains(RETRY + "max-attempts", RETRY + "delays", RETRY + "permanent-exceptions");
		assertThat(retry).filteredOn((property) -> !property.has("defaultValue"))
			.extracting((property) -> property.get("name").asString())
			.isEmpty();
	}

	@Test
	void retryDefaultValuesAreThoseOfTheCode() {
		Map<String, String> defaults = new LinkedHashMap<>();
		retryDefaults().forEach((property) -> defaults.put(property.get("name").asString(),
				text(property.get("defaultValue"))));
		MmateProperties bound = new Binder(new MapConfigurationPropertySource(defaults))
			.bindOrCreate("mmate", Bindable.of(MmateProperties.class));
		RetryPolicySettings documented = MmateSettings.retry(bound).defaults();
		assertThat(documented).isEqualTo(MmateSettings.retry(new MmateProperties()).defaults());
		assertThat(documented.totalAttempts()).isEqualTo(12);
	}

	private static List<JsonNode> retryDefaults() {
		return properties.stream()
			.filter((property) -> property.get("name").asString().startsWith(RETRY))
			.filter((property) -> !property.get("name").asString().startsWith(RETRY_OVERRIDES))
			.toList();
	}

	private static String text(JsonNode value) {
		if (value.isArray()) {
			return StreamSupport.stream(value.spliterator(), false)
				.map(JsonNode::asString)
				.collect(Collectors.joining(","));
		}
		return value.asString();
	}

}
