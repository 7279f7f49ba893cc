package io.mmate.sample.order;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.ClassPathResource;

/**
 * The official JSON Schema of AsyncAPI 3.0.0 documents ({@code asyncapi/asyncapi-3.0.0.json}, from the
 * {@code @asyncapi/specs} package), self-contained: every definition it refers to is inside it. The sample keeps its
 * own copy so that its tests need nothing from the starter's internal test classes.
 */
final class AsyncApiSchema {

	private static final Schema SCHEMA = load();

	private AsyncApiSchema() {
	}

	/**
	 * Validate a document.
	 * @param document the AsyncAPI document
	 * @return what is wrong with it, empty when it is valid
	 */
	static List<String> validate(JsonNode document) {
		return SCHEMA.validate(document).stream().map(Error::toString).toList();
	}

	private static Schema load() {
		try (InputStream schema = new ClassPathResource("asyncapi/asyncapi-3.0.0.json").getInputStream()) {
			return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(schema);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
