package io.mmate.schema;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.mmate.Message;
import io.mmate.MessageKind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.ResolvableType;

/**
 * Generates JSON Schemas (draft 07) of message classes, records or beans, for contract announcements and the AsyncAPI
 * document. A message's schema describes its {@code payload} as it travels in the Mmate envelope: the class's own
 * properties, without those the envelope carries ({@code id}, {@code type}, {@code timestamp},
 * {@code correlationId}), and with the base fields of its kind, such as an event's {@code aggregateId} and
 * {@code sequence}.
 */
public final class JsonSchemaGenerator {

	/** The {@code $schema} of draft 07, the dialect of Go's schemas and of AsyncAPI's schema object. */
	public static final String DRAFT_07 = "http://json-schema.org/draft-07/schema#";

	private static final List<String> ENVELOPE_FIELDS = List.of("id", "type", "timestamp", "correlationId");

	/**
	 * The schema of a Java type as Jackson writes it.
	 * @param type the type
	 * @return a new schema
	 */
	public ObjectNode schema(Class<?> type) {
		return new TypeSchemas().schema(ResolvableType.forClass(type), null);
	}

	/**
	 * The schema of the payload of a message class, titled with its type name.
	 * @param messageClass a {@link io.mmate.Command}, {@link io.mmate.Event}, {@link io.mmate.Query} or
	 * {@link io.mmate.Reply} class
	 * @param typeName its type name on the wire
	 * @return a new schema
	 */
	public ObjectNode payloadSchema(Class<? extends Message> messageClass, String typeName) {
		ObjectNode own = schema(messageClass);
		ObjectNode schema = TypeSchemas.type("object").put("title", typeName);
		ObjectNode properties = schema.putObject("properties");
		Set<String> required = new LinkedHashSet<>();
		JsonNode ownProperties = own.get("properties");
		if (ownProperties != null) {
			for (var property : ownProperties.properties()) {
				if (!ENVELOPE_FIELDS.contains(property.getKey())) {
					properties.set(property.getKey(), property.getValue());
				}
			}
			own.path("required").forEach((name) -> required.add(name.stringValue()));
		}
		required.removeAll(ENVELOPE_FIELDS);
		baseFields(MessageKind.of(messageClass), properties, required);
		if (!required.isEmpty()) {
			ArrayNode names = schema.putArray("required");
			required.forEach(names::add);
		}
		return schema;
	}

	// The fields the envelope writer adds to every payload of a kind; those it always writes are required.
	private static void baseFields(MessageKind kind, ObjectNode properties, Set<String> required) {
		switch (kind) {
			case COMMAND -> {
				base(properties, "targetService", TypeSchemas.type("string"));
				base(properties, "replyTo", TypeSchemas.type("string"));
				required.add("targetService");
			}
			case EVENT -> {
				base(properties, "aggregateId", TypeSchemas.type("string"));
				base(properties, "sequence", TypeSchemas.type("integer").put("format", "int64"));
				base(properties, "source", TypeSchemas.type("string"));
				required.add("aggregateId");
				required.add("sequence");
			}
			case QUERY -> {
				base(properties, "replyTo", TypeSchemas.type("string"));
				required.add("replyTo");
			}
			case REPLY -> {
				base(properties, "success", TypeSchemas.type("boolean"));
				base(properties, "errorCode", TypeSchemas.type("string"));
				base(properties, "errorMessage", TypeSchemas.type("string"));
				required.add("success");
			}
		}
	}

	private static void base(ObjectNode properties, String name, ObjectNode schema) {
		if (!properties.has(name)) {
			properties.set(name, schema);
		}
	}

}
