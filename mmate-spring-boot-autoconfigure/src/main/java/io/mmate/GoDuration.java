package io.mmate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

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
 * Writes and reads a {@link Duration} field of a message as Go writes a {@code time.Duration}: an integer number of
 * nanoseconds. Put it on a record component or field that a Go service sends or reads, such as the {@code duration}
 * of a StageFlow event.
 *
 * <p>Reading also takes a number with a fraction or an exponent, and a decimal string; it rounds to whole
 * nanoseconds.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@JacksonAnnotationsInside
@JsonSerialize(using = GoDuration.Serializer.class)
@JsonDeserialize(using = GoDuration.Deserializer.class)
public @interface GoDuration {

	/**
	 * Writes a duration as integer nanoseconds.
	 */
	final class Serializer extends StdScalarSerializer<Duration> {

		/**
		 * Create the serializer.
		 */
		public Serializer() {
			super(Duration.class);
		}

		@Override
		public void serialize(Duration value, JsonGenerator generator, SerializationContext context) {
			generator.writeNumber(value.toNanos());
		}

	}

	/**
	 * Reads integer nanoseconds, from a JSON number or a decimal string, into a duration.
	 */
	final class Deserializer extends StdScalarDeserializer<Duration> {

		/**
		 * Create the deserializer.
		 */
		public Deserializer() {
			super(Duration.class);
		}

		@Override
		public Duration deserialize(JsonParser parser, DeserializationContext context) {
			JsonToken token = parser.currentToken();
			if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
				return nanos(parser.getDecimalValue(), parser.getString(), context);
			}
			if (token == JsonToken.VALUE_STRING) {
				String text = parser.getString().trim();
				try {
					return nanos(new BigDecimal(text), text, context);
				}
				catch (NumberFormatException ex) {
					return (Duration) context.handleWeirdStringValue(Duration.class, text,
							"not a number of nanoseconds");
				}
			}
			return (Duration) context.handleUnexpectedToken(Duration.class, parser);
		}

		private static Duration nanos(BigDecimal value, String text, DeserializationContext context) {
			try {
				return Duration.ofNanos(value.setScale(0, RoundingMode.HALF_EVEN).longValueExact());
			}
			catch (ArithmeticException ex) {
				return (Duration) context.handleWeirdStringValue(Duration.class, text,
						"more nanoseconds than a Go duration holds");
			}
		}

	}

}
