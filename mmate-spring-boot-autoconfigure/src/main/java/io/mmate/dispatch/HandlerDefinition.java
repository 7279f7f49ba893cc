package io.mmate.dispatch;

import java.lang.reflect.Modifier;

import io.mmate.ErrorReply;
import io.mmate.MessageHandler;
import io.mmate.MessageKind;
import io.mmate.Reply;
import io.mmate.TypedErrorReply;

/**
 * A registered handler: the type name it handles, the kind (which decides its binding), the class its payload binds
 * to, the type it is declared to return, and a description for error messages and the management endpoint.
 *
 * @param typeName the message type name
 * @param kind the message kind
 * @param payloadType the class the payload is bound to
 * @param handler the handler
 * @param description where the handler is defined, for example {@code OrderHandlers#on(PlaceOrderCommand)}
 * @param idempotent whether a message id already handled is acknowledged without calling the handler
 * @param delivery which queue its messages reach
 * @param returnType the return type the handler method declares: {@code void.class} when it never replies,
 * {@link io.mmate.Reply} or a subtype when it may; {@code null} when unknown, as for handlers registered in code
 */
public record HandlerDefinition(String typeName, MessageKind kind, Class<?> payloadType,
		MessageHandler<Object> handler, String description, boolean idempotent, Delivery delivery,
		Class<?> returnType) {

	/**
	 * Which queue a handler's messages reach.
	 */
	public enum Delivery {

		/** The service queue, shared by every instance. */
		SERVICE_QUEUE,

		/** An exclusive queue of each instance, so that every instance gets every message. */
		BROADCAST,

		/** The partition queues, so that messages with the same key are handled in order. */
		PARTITIONED

	}

	/**
	 * A handler whose return type is not known.
	 * @param typeName the message type name
	 * @param kind the message kind
	 * @param payloadType the class the payload is bound to
	 * @param handler the handler
	 * @param description where the handler is defined
	 * @param idempotent whether a message id already handled is acknowledged without calling the handler
	 * @param delivery which queue its messages reach
	 */
	public HandlerDefinition(String typeName, MessageKind kind, Class<?> payloadType, MessageHandler<Object> handler,
			String description, boolean idempotent, Delivery delivery) {
		this(typeName, kind, payloadType, handler, description, idempotent, delivery, null);
	}

	/**
	 * A handler of the service queue that is not idempotent unless configured so.
	 * @param typeName the message type name
	 * @param kind the message kind
	 * @param payloadType the class the payload is bound to
	 * @param handler the handler
	 * @param description where the handler is defined
	 */
	public HandlerDefinition(String typeName, MessageKind kind, Class<?> payloadType, MessageHandler<Object> handler,
			String description) {
		this(typeName, kind, payloadType, handler, description, false, Delivery.SERVICE_QUEUE, null);
	}

	/**
	 * The reply class a failure of this handler is answered as: the concrete {@link Reply} class it is declared to
	 * return, so that a requester bound to that class can read the failure. A handler declared to return
	 * {@link Reply} itself, an interface, {@link ErrorReply}, {@code void} or anything else is answered with an
	 * {@link ErrorReply}.
	 * @return the reply class, or {@code null} for an {@link ErrorReply}
	 */
	public Class<? extends Reply> failureReplyType() {
		Class<?> type = this.returnType;
		if (type == null || !Reply.class.isAssignableFrom(type) || type.isInterface()
				|| Modifier.isAbstract(type.getModifiers()) || type == ErrorReply.class
				|| type == TypedErrorReply.class) {
			return null;
		}
		return type.asSubclass(Reply.class);
	}

}
