package io.mmate.publish;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.MessageKind;
import io.mmate.OutgoingMessage;
import io.mmate.PublishOptions;
import io.mmate.Query;
import io.mmate.Reply;
import io.mmate.TypedErrorReply;
import io.mmate.envelope.TypeRegistry;
import io.mmate.topology.Exchanges;
import io.mmate.topology.RoutingKeys;

import org.springframework.util.Assert;

/**
 * Where each kind of message goes, as the wire format says: the exchange and routing key of events, commands, queries
 * and replies, unless the options name a routing key. Shared by everything that publishes, so that a scheduled
 * message is routed exactly as a published one.
 */
public final class MessageRouting {

	private final TypeRegistry types;

	/**
	 * Create the routing.
	 * @param types the type registry, for the type names in routing keys
	 */
	public MessageRouting(TypeRegistry types) {
		this.types = types;
	}

	/**
	 * An event to {@code mmate.events} with routing key {@code evt.{aggregateId}.{type}}.
	 * @param event the event
	 * @param options how to publish it
	 * @return the outgoing message
	 */
	public OutgoingMessage event(Event event, PublishOptions options) {
		Assert.notNull(event, "event must not be null");
		Assert.notNull(options, "options must not be null");
		String type = this.types.nameOf(event.getClass());
		String aggregateId = (event.aggregateId() != null) ? event.aggregateId() : "";
		return new OutgoingMessage(event, MessageKind.EVENT, type, Exchanges.EVENTS,
				routingKey(options, RoutingKeys.event(aggregateId, type)), null, options);
	}

	/**
	 * A command to {@code mmate.commands} with routing key {@code cmd.{targetService}.{type}}.
	 * @param command the command
	 * @param targetService the service name of the receiver
	 * @param options how to send it
	 * @return the outgoing message
	 */
	public OutgoingMessage command(Command command, String targetService, PublishOptions options) {
		Assert.notNull(command, "command must not be null");
		Assert.hasText(targetService, "targetService must not be empty");
		Assert.notNull(options, "options must not be null");
		String type = this.types.nameOf(command.getClass());
		return new OutgoingMessage(command, MessageKind.COMMAND, type, Exchanges.COMMANDS,
				routingKey(options, RoutingKeys.command(targetService, type)), targetService, options);
	}

	/**
	 * A query to {@code mmate.queries} with routing key {@code qry.{type}}.
	 * @param query the query
	 * @param options how to send it
	 * @return the outgoing message
	 */
	public OutgoingMessage query(Query query, PublishOptions options) {
		Assert.notNull(query, "query must not be null");
		Assert.notNull(options, "options must not be null");
		String type = this.types.nameOf(query.getClass());
		return new OutgoingMessage(query, MessageKind.QUERY, type, Exchanges.QUERIES,
				routingKey(options, RoutingKeys.query(type)), null, options);
	}

	/**
	 * A reply through the default exchange to the queue it answers. A {@link TypedErrorReply} carries the type name
	 * of its reply class.
	 * @param reply the reply
	 * @param replyTo the reply address of the request
	 * @param options how to send it
	 * @return the outgoing message
	 */
	public OutgoingMessage reply(Reply reply, String replyTo, PublishOptions options) {
		Assert.notNull(reply, "reply must not be null");
		Assert.hasText(replyTo, "replyTo must not be empty");
		Assert.notNull(options, "options must not be null");
		Class<?> named = (reply instanceof TypedErrorReply typed) ? typed.replyType() : reply.getClass();
		String type = this.types.nameOf(named);
		return new OutgoingMessage(reply, MessageKind.REPLY, type, "", routingKey(options, replyTo), null, options);
	}

	private static String routingKey(PublishOptions options, String derived) {
		return (options.routingKey() != null) ? options.routingKey() : derived;
	}

}
