package io.mmate.dispatch;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The handlers of the service queue, by type name. Filled once at start-up; a second handler for the same type is
 * refused with both handlers named.
 */
public final class HandlerRegistry {

	private final Map<String, HandlerDefinition> handlers = new LinkedHashMap<>();

	/**
	 * Register a handler.
	 * @param definition the handler
	 * @throws IllegalStateException if the type already has a handler
	 */
	public synchronized void register(HandlerDefinition definition) {
		HandlerDefinition existing = this.handlers.putIfAbsent(definition.typeName(), definition);
		if (existing != null) {
			throw new IllegalStateException("Two handlers for message type '" + definition.typeName()
					+ "' on the service queue: " + existing.description() + " and " + definition.description()
					+ ". Keep one, or give one of the message classes another name with @MessageType.");
		}
	}

	/**
	 * The handler of a type.
	 * @param typeName the type name
	 * @return the handler, or {@code null}
	 */
	public synchronized HandlerDefinition find(String typeName) {
		return this.handlers.get(typeName);
	}

	/**
	 * All handlers in registration order.
	 * @return an unmodifiable copy
	 */
	public synchronized Collection<HandlerDefinition> all() {
		return Collections.unmodifiableCollection(new java.util.ArrayList<>(this.handlers.values()));
	}

	/**
	 * Whether any handler is registered.
	 * @return {@code true} when there is none
	 */
	public synchronized boolean isEmpty() {
		return this.handlers.isEmpty();
	}

}
