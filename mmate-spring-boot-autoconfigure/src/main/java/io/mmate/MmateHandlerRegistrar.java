package io.mmate;

/**
 * Registers handlers in code. Declare a bean of this type; it is called once at start-up, before topology is
 * declared, so the service queue gets bindings for what it registers.
 *
 * <pre class="code">
 * &#64;Bean
 * MmateHandlerRegistrar auditHandlers() {
 *     return (handlers) -&gt; handlers.register("LegacyAuditEvent", MessageKind.EVENT, JsonNode.class, (payload, context) -&gt; ...);
 * }
 * </pre>
 */
@FunctionalInterface
public interface MmateHandlerRegistrar {

	/**
	 * Register handlers.
	 * @param handlers where to register them
	 */
	void registerHandlers(Handlers handlers);

	/**
	 * Where handlers are registered.
	 */
	interface Handlers {

		/**
		 * Register a handler for a message class; its type name and kind come from the class.
		 * @param <T> the message type
		 * @param type the message class
		 * @param handler the handler
		 */
		<T extends Message> void register(Class<T> type, MessageHandler<T> handler);

		/**
		 * Register a handler for a type name, decoding the payload into any class Jackson can bind (a map, a
		 * {@code JsonNode}, a record).
		 * @param <T> the payload type
		 * @param typeName the type name on the wire
		 * @param kind the kind, which decides the binding
		 * @param payloadType the class to decode the payload into
		 * @param handler the handler
		 */
		<T> void register(String typeName, MessageKind kind, Class<T> payloadType, MessageHandler<T> handler);

	}

}
