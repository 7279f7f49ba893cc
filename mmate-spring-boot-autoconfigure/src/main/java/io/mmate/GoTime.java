package io.mmate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.ser.std.StdScalarSerializer;

/**
 * Writes and reads an {@link Instant} field of a message as Go writes a {@code time.Time}: RFC 3339 with as many
 * fractional digits as needed, trailing zeros dropped ({@code 2025-07-08T10:31:00.1234Z}). Instants are written in
 * UTC; reading takes any offset (Go writes the local one) and keeps the instant.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@JacksonAnnotationsInside
@JsonSerialize(using = GoTime.Serializer.class)
@JsonDeserialize(using = GoTime.Deserializer.class)
public @interface GoTime {

	/**
	 * Writes an instant as Go's {@code time.RFC3339Nano} in UTC.
	 */
	final class Serializer extends StdScalarSerializer<Instant> {

		private static final DateTimeFormatter RFC3339_NANO = new DateTimeFormatterBuilder()
			.appendPattern("uuuu-MM-dd'T'HH:mm:ss")
			.appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
			.appendOffsetId()
			.toFormatter()
			.withZone(ZoneOffset.UTC);

		/**
		 * Create the serializer.
		 */
		public Serializer() {
			super(Instant.class);
		}

		@Override
		public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
			generator.writeString(RFC3339_NANO.format(value));
		}

	}

	/**
	 * Reads an RFC 3339 time with any offset, or a local date-time taken as UTC, into an instant.
	 */
	final class Deserializer extends StdScalarDeserializer<Instant> {

		/**
		 * Create the deserializer.
		 */
		public Deserializer() {
			super(Instant.class);
		}

		@Override
		public Instant deserialize(JsonParser parser, DeserializationContext context) {
			if (parser.currentToken() != JsonToken.VALUE_STRING) {
				return (Instant) context.handleUnexpectedToken(Instant.class, parser);
			}
			String text = parser.getString().trim();
			try {
				return OffsetDateTime.parse(text).toInstant();
			}
			catch (DateTimeParseException ex) {
				try {
					return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
				}
				catch (DateTimeParseException notLocal) {
					return (Instant) context.handleWeirdStringValue(Instant.class, text, "not an RFC 3339 time");
				}
			}
		}

	}

}
