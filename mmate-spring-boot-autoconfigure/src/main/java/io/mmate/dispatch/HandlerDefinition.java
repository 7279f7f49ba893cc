package io.mmate.dispatch;

import io.mmate.MessageHandler;
import io.mmate.MessageKind;

/**
 * A registered handler: the type name it handles, the kind (which decides its binding), the class its payload binds
 * to, and a description for error messages and the management endpoint.
 *
 * @param typeName the message type name
 * @param kind the message kind
 * @param payloadType the class the payload is bound to
 * @param handler the handler
 * @param description where the handler is defined, for example {@code OrderHandlers#on(PlaceOrderCommand)}
 */
public record HandlerDefinition(String typeName, MessageKind kind, Class<?> payloadType,
		MessageHandler<Object> handler, String description) {

}
