package io.mmate.dispatch;

import io.mmate.MessageKind;

/**
 * Decides whether a message may go to its handler given how it arrived. The handler is found by the type the body
 * names, which the sender chooses; the route tells what kind of message the sender published: an event sent with a
 * command's routing key must not run an event handler.
 */
@FunctionalInterface
public interface ArrivalCheck {

	/**
	 * What is wrong with a message's route for its handler.
	 * @param handler the handler its type names
	 * @param statedKind the kind its {@code x-message-kind} header states, or {@code null} when it states none
	 * @param arrival how it arrived
	 * @return a description naming the type, the handler's kind and the route, or {@code null} when the route fits
	 */
	String mismatch(HandlerDefinition handler, MessageKind statedKind, Arrival arrival);

}
