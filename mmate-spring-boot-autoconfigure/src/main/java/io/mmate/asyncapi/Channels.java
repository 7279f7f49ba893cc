package io.mmate.asyncapi;

import java.util.Map;
import java.util.TreeMap;

import io.mmate.MessageKind;
import io.mmate.topology.Exchanges;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The channels of an AsyncAPI document and the messages they carry: one channel per message type, on its Mmate
 * exchange and routing key, and one for replies.
 */
final class Channels {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final String serviceName;

	private final String virtualHost;

	private final Map<String, ObjectNode> channels = new TreeMap<>();

	private final Map<String, ObjectNode> messages = new TreeMap<>();

	Channels(String serviceName, String virtualHost) {
		this.serviceName = serviceName;
		this.virtualHost = virtualHost;
	}

	/**
	 * Add a message type's channel, unless it is there already, and its message.
	 * @param typeName the type name
	 * @param kind its kind
	 * @param message its message object
	 * @param sent whether the service sends it, rather than handles it
	 * @return the channel id
	 */
	String add(String typeName, MessageKind kind, ObjectNode message, boolean sent) {
		String id = (kind == MessageKind.REPLY) ? AsyncApiGenerator.REPLY_CHANNEL : id(typeName);
		ObjectNode channel = this.channels.computeIfAbsent(id, (key) -> channel(typeName, kind, sent));
		this.messages.putIfAbsent(id(typeName), message);
		((ObjectNode) channel.get("messages")).putObject(id(typeName))
			.put("$ref", "#/components/messages/" + id(typeName));
		return id;
	}

	ObjectNode channels() {
		ObjectNode channels = NODES.objectNode();
		this.channels.forEach(channels::set);
		return channels;
	}

	ObjectNode messages() {
		ObjectNode messages = NODES.objectNode();
		this.messages.forEach(messages::set);
		return messages;
	}

	static ObjectNode operation(String action, String channel, String typeName) {
		ObjectNode operation = NODES.objectNode().put("action", action);
		operation.putObject("channel").put("$ref", "#/channels/" + channel);
		operation.putArray("messages").add(reference(channel, typeName));
		return operation;
	}

	static ObjectNode reference(String channel, String typeName) {
		return NODES.objectNode().put("$ref", "#/channels/" + channel + "/messages/" + id(typeName));
	}

	private ObjectNode channel(String typeName, MessageKind kind, boolean sent) {
		ObjectNode channel = NODES.objectNode();
		switch (kind) {
			case COMMAND -> {
				boolean own = !sent && this.serviceName != null;
				channel.put("address", "cmd." + (own ? this.serviceName : "{targetService}") + "." + typeName);
				if (!own) {
					channel.putObject("parameters")
						.putObject("targetService")
						.put("description", "The service the command is for")
						.put("location", "$message.payload#/payload/targetService");
				}
				bindings(channel, Exchanges.COMMANDS);
			}
			case EVENT -> {
				channel.put("address", "evt.{aggregateId}." + typeName);
				channel.putObject("parameters")
					.putObject("aggregateId")
					.put("description", "The aggregate the event belongs to")
					.put("location", "$message.payload#/payload/aggregateId");
				bindings(channel, Exchanges.EVENTS);
			}
			case QUERY -> {
				channel.put("address", "qry." + typeName);
				bindings(channel, Exchanges.QUERIES);
			}
			case REPLY -> {
				channel.putNull("address");
				channel.put("description", "The requester's exclusive reply queue, named in the request's "
						+ "payload.replyTo; replies reach it through the default exchange, matched on correlationId.");
				channel.putObject("bindings").putObject("amqp").put("is", "routingKey")
					.put("bindingVersion", AsyncApiMessages.BINDING_VERSION)
					.putObject("exchange").put("type", "default").put("vhost", this.virtualHost);
			}
		}
		channel.putObject("messages");
		return channel;
	}

	private void bindings(ObjectNode channel, String exchange) {
		channel.putObject("bindings")
			.putObject("amqp")
			.put("is", "routingKey")
			.put("bindingVersion", AsyncApiMessages.BINDING_VERSION)
			.putObject("exchange")
			.put("name", exchange)
			.put("type", "topic")
			.put("durable", true)
			.put("autoDelete", false)
			.put("vhost", this.virtualHost);
	}

	// Ids and component keys are letters, digits, '.', '-' and '_'.
	static String id(String typeName) {
		return typeName.replaceAll("[^A-Za-z0-9._-]", "_");
	}

}
