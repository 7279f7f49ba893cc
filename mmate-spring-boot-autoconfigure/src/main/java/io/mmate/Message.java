package io.mmate;

/**
 * A message in the Mmate wire format. Implement one of its four kinds, never this type directly: the kind decides
 * the exchange, the routing key and the base fields that travel inside the payload.
 *
 * <p>Messages may be records or classes. Their type name on the wire is the simple class name unless
 * {@link MessageType} says otherwise.
 */
public sealed interface Message permits Command, Event, Query, Reply {

}
