package io.mmate.envelope;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CaseInsensitiveFields}.
 */
class CaseInsensitiveFieldsTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void matchesKeysInAnyCaseAndTheFirstKeyWins() {
		JsonNode object = this.json.readTree("{\"TYPE\":\"first\",\"type\":\"second\",\"replyTo\":\"q\"}");
		JsonNode[] values = CaseInsensitiveFields.find(object, new String[] { "id", "type", "replyto" });
		assertThat(values[0]).isNull();
		assertThat(values[1].stringValue()).isEqualTo("first");
		assertThat(values[2].stringValue()).isEqualTo("q");
		assertThat(CaseInsensitiveFields.find(object, "replyto").stringValue()).isEqualTo("q");
		assertThat(CaseInsensitiveFields.find(object, "reply")).isNull();
	}

	@Test
	void matchesOtherCharactersAsLowerCasingDoes() {
		// The Kelvin sign lower-cases to an ASCII 'k'.
		JsonNode object = this.json.readTree("{\"\\u212Aind\":\"event\"}");
		assertThat(CaseInsensitiveFields.find(object, "kind").stringValue()).isEqualTo("event");
	}

}
