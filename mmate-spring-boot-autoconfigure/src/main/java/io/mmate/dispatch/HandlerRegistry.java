package io.mmate.dispatch;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mmate.MmateConfigurationException;

/**
 * The handlers of the service queue, by type name. Filled once at start-up; a second handler for the same type is
 * refused with both handlers named.
 */
public final class HandlerRegistry {

	// Filled at start-up, then read for every message: reads take no lock.
	private final Map<String, HandlerDefinition> handlers = new ConcurrentHashMap<>();

	private final List<HandlerDefinition> inOrder = new CopyOnWriteArrayList<>();

	private final Set<String> validated = ConcurrentHashMap.newKeySet();

	/**
	 * Register a handler.
	 * @param definition the handler
	 * @throws IllegalStateException if the type already has a handler
	 */
	public synchronized void register(HandlerDefinition definition) {
		HandlerDefinition existing = this.handlers.putIfAbsent(definition.typeName(), definition);
		if (existing == null) {
			this.inOrder.add(definition);
		}
		else {
			throw new MmateConfigurationException("Two handlers for message type '" + definition.typeName()
					+ "' on the service queue: " + existing.description() + " and " + definition.description() + ".",
					"Keep one, or give one of the message classes another name with @MessageType.");
		}
	}

	/**
	 * Have the payloads of a type checked against the constraints of their class before its handler is called: its
	 * handler's message parameter is marked {@code @Valid}.
	 * @param typeName the type name
	 */
	public void validatePayloads(String typeName) {
		this.validated.add(typeName);
	}

	/**
	 * Whether the payloads of a type are checked before its handler is called.
	 * @param typeName the type name
	 * @return {@code true} when its handler asked for it
	 */
	public boolean validatesPayloads(String typeName) {
		return this.validated.contains(typeName);
	}

	/**
	 * The handler of a type.
	 * @param typeName the type name
	 * @return the handler, or {@code null}
	 */
	public HandlerDefinition find(String typeName) {
		return this.handlers.get(typeName);
	}

	/**
	 * All handlers in registration order.
	 * @return an unmodifiable copy
	 */
	public Collection<HandlerDefinition> all() {
		return Collections.unmodifiableList(this.inOrder);
	}

	/**
	 * Whether any handler is registered.
	 * @return {@code true} when there is none
	 */
	public boolean isEmpty() {
		return this.handlers.isEmpty();
	}

}
