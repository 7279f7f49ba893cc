package io.mmate.asyncapi;

import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.mmate.ErrorReply;
import io.mmate.Message;
import io.mmate.MessageKind;
import io.mmate.Reply;
import io.mmate.dispatch.HandlerDefinition;
import io.mmate.dispatch.HandlerRegistry;
import io.mmate.envelope.TypeRegistry;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates the AsyncAPI 3.0 document of a service. Channels are the Mmate exchanges with routing keys (one channel per
 * message type), and the requester's reply queue for replies. Operations are the handlers ({@code receive}, with the
 * replies of commands and queries) and the message types the service sends ({@code send}): those it has published
 * or registered so far and does not handle, and those configured. Messages are described with the JSON Schemas of
 * their classes, inside the Mmate envelope.
 */
public final class AsyncApiGenerator {

	/** The AsyncAPI version of the document. */
	public static final String ASYNCAPI_VERSION = "3.0.0";

	static final String REPLY_CHANNEL = "replyQueue";

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final String serviceName;

	private final HandlerRegistry handlers;

	private final TypeRegistry types;

	private final Supplier<? extends Collection<Class<? extends Message>>> sends;

	private final Broker broker;

	private final AsyncApiMessages messages = new AsyncApiMessages();

	/**
	 * Create a generator.
	 * @param serviceName the service name, or {@code null} for an application that only publishes
	 * @param handlers the handlers, read on every generation
	 * @param types the type registry, whose known types are the messages sent so far
	 * @param sends the message classes the service is configured to send
	 * @param broker the broker the service connects to
	 */
	public AsyncApiGenerator(String serviceName, HandlerRegistry handlers, TypeRegistry types,
			Supplier<? extends Collection<Class<? extends Message>>> sends, Broker broker) {
		this.serviceName = serviceName;
		this.handlers = handlers;
		this.types = types;
		this.sends = sends;
		this.broker = broker;
	}

	/**
	 * Generate the document as it stands now.
	 * @return the document
	 */
	public ObjectNode generate() {
		Channels channels = new Channels(this.serviceName, this.broker.virtualHost());
		Map<String, ObjectNode> operations = new LinkedHashMap<>();
		Set<String> handled = new LinkedHashSet<>();
		for (HandlerDefinition handler : this.handlers.all()) {
			handled.add(handler.typeName());
			ObjectNode message = this.messages.message(handler.payloadType(), handler.typeName(), handler.kind());
			String channel = channels.add(handler.typeName(), handler.kind(), message, false);
			ObjectNode operation = Channels.operation("receive", channel, handler.typeName())
				.put("summary", "Handled by " + handler.description());
			operation.putObject("bindings").putObject("amqp").put("ack", true)
				.put("bindingVersion", AsyncApiMessages.BINDING_VERSION);
			if (hasReply(handler)) {
				operation.set("reply", reply(channels, handler.returnType()));
			}
			operations.put("receive" + Channels.id(handler.typeName()), operation);
		}
		for (Class<? extends Message> sent : sent(handled)) {
			String typeName = this.types.nameOf(sent);
			MessageKind kind = MessageKind.of(sent);
			String channel = channels.add(typeName, kind, this.messages.message(sent, typeName, kind), true);
			operations.put("send" + Channels.id(typeName), Channels.operation("send", channel, typeName));
		}
		return document(channels, operations);
	}

	private ObjectNode document(Channels channels, Map<String, ObjectNode> operations) {
		ObjectNode document = NODES.objectNode().put("asyncapi", ASYNCAPI_VERSION);
		String title = (this.serviceName != null) ? this.serviceName : "Mmate application";
		document.putObject("info")
			.put("title", title)
			.put("version", "1.0.0")
			.put("description", "Messaging of " + title + " on RabbitMQ in the Mmate wire format: each message is a "
					+ "JSON envelope whose 'payload' holds the message's fields.");
		document.putObject("servers")
			.putObject("rabbitmq")
			.put("host", this.broker.host() + ":" + this.broker.port())
			.put("protocol", "amqp")
			.put("protocolVersion", "0.9.1");
		document.put("defaultContentType", "application/json");
		document.set("channels", channels.channels());
		document.putObject("operations").setAll(operations);
		document.putObject("components").set("messages", channels.messages());
		return document;
	}

	private static boolean hasReply(HandlerDefinition handler) {
		boolean replies = handler.returnType() != void.class && handler.returnType() != Void.class;
		return handler.kind() == MessageKind.QUERY || (handler.kind() == MessageKind.COMMAND && replies);
	}

	// Any request may be answered with an error reply, when its handler fails for good.
	private ObjectNode reply(Channels channels, Class<?> replyType) {
		ObjectNode reply = NODES.objectNode();
		reply.putObject("address")
			.put("description", "The requester's reply queue, through the default exchange")
			.put("location", "$message.payload#/payload/replyTo");
		reply.putObject("channel").put("$ref", "#/channels/" + REPLY_CHANNEL);
		var references = reply.putArray("messages");
		if (replyType != null && Reply.class.isAssignableFrom(replyType) && !replyType.isInterface()
				&& !Modifier.isAbstract(replyType.getModifiers()) && replyType != ErrorReply.class) {
			references.add(replyMessage(channels, replyType));
		}
		references.add(replyMessage(channels, ErrorReply.class));
		return reply;
	}

	private ObjectNode replyMessage(Channels channels, Class<?> replyType) {
		String typeName = this.types.nameOf(replyType);
		channels.add(typeName, MessageKind.REPLY, this.messages.message(replyType, typeName, MessageKind.REPLY),
				true);
		return Channels.reference(REPLY_CHANNEL, typeName);
	}

	// By type name, so that the document lists them in the same order every time.
	@SuppressWarnings("unchecked")
	private Collection<Class<? extends Message>> sent(Set<String> handled) {
		Map<String, Class<? extends Message>> sent = new TreeMap<>();
		for (Class<?> known : this.types.knownTypes()) {
			String typeName = this.types.nameOf(known);
			if (Message.class.isAssignableFrom(known) && !Reply.class.isAssignableFrom(known)
					&& !handled.contains(typeName)) {
				sent.put(typeName, (Class<? extends Message>) known);
			}
		}
		this.sends.get().forEach((type) -> sent.putIfAbsent(this.types.nameOf(type), type));
		return sent.values();
	}

	/**
	 * The broker a service connects to.
	 *
	 * @param host the host
	 * @param port the AMQP port
	 * @param virtualHost the virtual host
	 */
	public record Broker(String host, int port, String virtualHost) {

	}

}
