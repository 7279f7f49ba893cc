package io.mmate;

/**
 * A handler registered in code through a {@link MmateHandlerRegistrar}, for types known only at run time. It has the
 * same semantics as an {@link MmateHandler} method.
 *
 * @param <T> the payload type the message is decoded into
 */
@FunctionalInterface
public interface MessageHandler<T> {

	/**
	 * Handle one message.
	 * @param message the decoded payload
	 * @param context the delivery
	 * @return a reply to send, or {@code null}
	 * @throws Exception to fail the message
	 */
	Object handle(T message, MessageContext context) throws Exception;

}
