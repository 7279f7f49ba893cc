package io.mmate.asyncapi;

import io.mmate.Message;
import io.mmate.MessageKind;
import io.mmate.envelope.WireHeaders;
import io.mmate.schema.JsonSchemaGenerator;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The AsyncAPI message objects of Mmate messages. A message's payload, in AsyncAPI's sense, is the whole body: the
 * Mmate envelope, whose {@code payload} holds the message's fields.
 */
final class AsyncApiMessages {

	static final String BINDING_VERSION = "0.3.0";

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final JsonSchemaGenerator schemas = new JsonSchemaGenerator();

	/**
	 * The message object of a message type.
	 * @param type the class its payload binds to: a message class, else the payload is described as any object
	 * @param typeName its type name on the wire
	 * @param kind its kind
	 * @return the message object
	 */
	@SuppressWarnings("unchecked")
	ObjectNode message(Class<?> type, String typeName, MessageKind kind) {
		ObjectNode message = NODES.objectNode()
			.put("name", typeName)
			.put("title", typeName)
			.put("summary", "A Mmate " + kind.headerValue() + " (" + type.getName() + ")")
			.put("contentType", "application/json");
		message.set("headers", headers(typeName, kind));
		ObjectNode payload = Message.class.isAssignableFrom(type)
				? this.schemas.payloadSchema((Class<? extends Message>) type, typeName)
				: NODES.objectNode().put("type", "object");
		message.set("payload", envelope(payload, typeName));
		message.putObject("correlationId")
			.put("description", "Set on requests that want a reply, and on their reply")
			.put("location", "$message.payload#/correlationId");
		message.putObject("bindings")
			.putObject("amqp")
			.put("messageType", typeName)
			.put("bindingVersion", BINDING_VERSION);
		return message;
	}

	private static ObjectNode envelope(ObjectNode payload, String typeName) {
		ObjectNode envelope = NODES.objectNode().put("type", "object");
		ObjectNode properties = envelope.putObject("properties");
		properties.putObject("id").put("type", "string").put("description", "The message id");
		properties.putObject("type").put("type", "string").put("const", typeName);
		properties.putObject("timestamp").put("type", "string").put("format", "date-time");
		properties.putObject("correlationId").put("type", "string");
		properties.putObject("headers")
			.put("type", "object")
			.put("description", "The AMQP headers of the message, repeated");
		properties.set("payload", payload);
		envelope.putArray("required").add("id").add("type").add("timestamp").add("payload");
		return envelope;
	}

	private static ObjectNode headers(String typeName, MessageKind kind) {
		ObjectNode headers = NODES.objectNode().put("type", "object");
		ObjectNode properties = headers.putObject("properties");
		properties.putObject(WireHeaders.MESSAGE_TYPE).put("type", "string").put("const", typeName);
		properties.putObject(WireHeaders.MESSAGE_KIND).put("type", "string").put("const", kind.headerValue());
		properties.putObject(WireHeaders.MESSAGE_ID).put("type", "string");
		properties.putObject(WireHeaders.CORRELATION_ID).put("type", "string");
		properties.putObject(WireHeaders.SOURCE).put("type", "string");
		properties.putObject(WireHeaders.VERSION).put("type", "string");
		if (kind == MessageKind.EVENT) {
			properties.putObject(WireHeaders.AGGREGATE_ID).put("type", "string");
			properties.putObject(WireHeaders.SEQUENCE).put("type", "string");
		}
		else if (kind == MessageKind.REPLY) {
			properties.putObject(WireHeaders.SUCCESS).put("type", "string").putArray("enum").add("true").add("false");
		}
		headers.putArray("required").add(WireHeaders.MESSAGE_TYPE).add(WireHeaders.MESSAGE_ID);
		return headers;
	}

}
