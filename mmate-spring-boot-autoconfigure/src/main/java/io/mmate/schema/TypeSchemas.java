package io.mmate.schema;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.mmate.GoDuration;
import io.mmate.GoTime;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.BeanUtils;
import org.springframework.core.ResolvableType;

/**
 * Maps Java types to JSON Schema (draft 07) as Jackson writes them by default: records by their components, other
 * classes by their getters and public fields, with {@link JsonProperty} names and without {@link JsonIgnore}d
 * properties. Primitive properties, and those marked {@code @JsonProperty(required = true)}, are required; anything
 * else may be null or missing. A class that contains itself is described as an object the second time.
 */
final class TypeSchemas {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final Set<Class<?>> inProgress = new HashSet<>();

	ObjectNode schema(ResolvableType type, AnnotatedElement annotations) {
		if (annotations != null && annotations.isAnnotationPresent(GoDuration.class)) {
			return format("integer", "int64").put("description", "nanoseconds, as Go writes a time.Duration");
		}
		if (annotations != null && annotations.isAnnotationPresent(GoTime.class)) {
			return format("string", "date-time");
		}
		Class<?> raw = type.toClass();
		if (raw == Optional.class) {
			return schema(type.getGeneric(0), null);
		}
		ObjectNode scalar = scalar(raw);
		if (scalar != null) {
			return scalar;
		}
		if (raw.isEnum()) {
			return enumeration(raw);
		}
		if (raw.isArray()) {
			return array(schema(type.getComponentType(), null));
		}
		if (Collection.class.isAssignableFrom(raw)) {
			return array(schema(type.asCollection().getGeneric(0), null));
		}
		if (Map.class.isAssignableFrom(raw)) {
			ObjectNode map = type("object");
			map.set("additionalProperties", schema(type.asMap().getGeneric(1), null));
			return map;
		}
		if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
			// Any JSON value.
			return NODES.objectNode();
		}
		if (raw.isInterface() || Modifier.isAbstract(raw.getModifiers()) || !this.inProgress.add(raw)) {
			return type("object");
		}
		try {
			return raw.isRecord() ? record(raw) : bean(raw);
		}
		finally {
			this.inProgress.remove(raw);
		}
	}

	private ObjectNode record(Class<?> type) {
		Properties properties = new Properties();
		for (RecordComponent component : type.getRecordComponents()) {
			properties.add(component.getName(), ResolvableType.forMethodReturnType(component.getAccessor()),
					component.getAccessor(), component.getType().isPrimitive());
		}
		return properties.toSchema();
	}

	private ObjectNode bean(Class<?> type) {
		Properties properties = new Properties();
		for (var descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if (descriptor.getReadMethod() != null && !"class".equals(descriptor.getName())) {
				properties.add(descriptor.getName(), ResolvableType.forMethodReturnType(descriptor.getReadMethod()),
						descriptor.getReadMethod(), descriptor.getPropertyType().isPrimitive());
			}
		}
		for (Field field : type.getFields()) {
			if (!Modifier.isStatic(field.getModifiers())) {
				properties.add(field.getName(), ResolvableType.forField(field), field, field.getType().isPrimitive());
			}
		}
		return properties.toSchema();
	}

	private static ObjectNode scalar(Class<?> type) {
		if (type == boolean.class || type == Boolean.class) {
			return type("boolean");
		}
		if (type == int.class || type == Integer.class || type == short.class || type == Short.class
				|| type == byte.class || type == Byte.class) {
			return format("integer", "int32");
		}
		if (type == long.class || type == Long.class) {
			return format("integer", "int64");
		}
		if (type == BigInteger.class) {
			return type("integer");
		}
		if (type == float.class || type == Float.class) {
			return format("number", "float");
		}
		if (type == double.class || type == Double.class) {
			return format("number", "double");
		}
		if (Number.class.isAssignableFrom(type)) {
			return type("number");
		}
		if (type == byte[].class) {
			return type("string").put("contentEncoding", "base64");
		}
		return textual(type);
	}

	private static ObjectNode textual(Class<?> type) {
		if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
			return type("string");
		}
		if (type == UUID.class) {
			return format("string", "uuid");
		}
		if (type == URI.class || type == URL.class) {
			return format("string", "uri");
		}
		if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class
				|| Date.class.isAssignableFrom(type) || Calendar.class.isAssignableFrom(type)) {
			return format("string", "date-time");
		}
		if (type == LocalDate.class) {
			return format("string", "date");
		}
		if (type == LocalTime.class || type == OffsetTime.class) {
			return format("string", "time");
		}
		if (type == LocalDateTime.class) {
			return type("string").put("description", "date and time without an offset");
		}
		if (type == Duration.class) {
			return format("string", "duration");
		}
		return null;
	}

	private static ObjectNode enumeration(Class<?> type) {
		ArrayNode values = NODES.arrayNode();
		for (Field field : type.getFields()) {
			if (field.isEnumConstant()) {
				JsonProperty property = field.getAnnotation(JsonProperty.class);
				values.add((property != null && !property.value().isEmpty()) ? property.value() : field.getName());
			}
		}
		ObjectNode schema = type("string");
		schema.set("enum", values);
		return schema;
	}

	private static ObjectNode array(ObjectNode items) {
		ObjectNode array = type("array");
		array.set("items", items);
		return array;
	}

	static ObjectNode type(String type) {
		return NODES.objectNode().put("type", type);
	}

	private static ObjectNode format(String type, String format) {
		return type(type).put("format", format);
	}

	/**
	 * The properties of an object schema, in declaration order, and which of them are required.
	 */
	private final class Properties {

		private final ObjectNode properties = NODES.objectNode();

		private final ArrayNode required = NODES.arrayNode();

		void add(String name, ResolvableType type, AnnotatedElement annotations, boolean primitive) {
			if (annotations.isAnnotationPresent(JsonIgnore.class)) {
				return;
			}
			JsonProperty property = annotations.getAnnotation(JsonProperty.class);
			String jsonName = (property != null && !property.value().isEmpty()) ? property.value() : name;
			if (this.properties.has(jsonName)) {
				return;
			}
			this.properties.set(jsonName, TypeSchemas.this.schema(type, annotations));
			if (primitive || (property != null && property.required())) {
				this.required.add(jsonName);
			}
		}

		ObjectNode toSchema() {
			ObjectNode schema = type("object");
			schema.set("properties", this.properties);
			if (!this.required.isEmpty()) {
				schema.set("required", this.required);
			}
			return schema;
		}

	}

}
