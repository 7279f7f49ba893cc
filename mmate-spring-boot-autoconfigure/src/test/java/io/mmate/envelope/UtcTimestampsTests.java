package io.mmate.envelope;

import java.time.OffsetDateTime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UtcTimestamps}.
 */
class UtcTimestampsTests {

	@ParameterizedTest
	@ValueSource(strings = { "2025-07-08T10:31:02Z", "2025-07-08T10:31:02.1Z", "2025-07-08T10:31:02.1234567Z",
			"2024-02-29T23:59:59.999999999Z", "0000-01-01T00:00:00Z" })
	void readsTheFormMmateWritesAsTheGeneralParserDoes(String text) {
		assertThat(UtcTimestamps.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
	}

	@ParameterizedTest
	@ValueSource(strings = { "2025-07-08T10:31:02+02:00", "2025-07-08t10:31:02z", "2025-07-08T10:31Z",
			"2025-07-08T10:31:02.Z", "2025-07-08T10:31:02.1234567890Z", "2025-07-08T10:31:02", "2023-02-29T10:00:00Z",
			"2025-07-08T24:00:00Z", "2025-07-08T10:31:6xZ", "not a timestamp at all" })
	void leavesOtherFormsAndInvalidValuesToTheGeneralParser(String text) {
		assertThat(UtcTimestamps.parse(text)).isNull();
	}

}
