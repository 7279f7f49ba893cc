package io.mmate.envelope;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CaseInsensitiveFields}.
 */
class CaseInsensitiveFieldsTests {

	@Test
	void matchesKeysInAnyCase() {
		String[] names = { "id", "type", "replyto" };
		assertThat(CaseInsensitiveFields.indexOf("TYPE", names)).isEqualTo(1);
		assertThat(CaseInsensitiveFields.indexOf("replyTo", names)).isEqualTo(2);
		assertThat(CaseInsensitiveFields.indexOf("Id", names)).isZero();
		assertThat(CaseInsensitiveFields.indexOf("reply", names)).isEqualTo(-1);
		assertThat(CaseInsensitiveFields.matches("ReplyTo", "replyto")).isTrue();
		assertThat(CaseInsensitiveFields.matches("reply_to", "replyto")).isFalse();
	}

	@Test
	void matchesOtherCharactersAsLowerCasingDoes() {
		// The Kelvin sign lower-cases to an ASCII 'k'.
		assertThat(CaseInsensitiveFields.matches("\u212Aind", "kind")).isTrue();
	}

}
