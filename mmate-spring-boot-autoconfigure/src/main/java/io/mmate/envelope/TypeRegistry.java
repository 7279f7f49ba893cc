package io.mmate.envelope;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.mmate.MessageType;

/**
 * Maps message classes to their wire type names. One instance per application context: the types a service handles
 * or expects as replies are registered at start-up, so that two classes claiming one name fail there; names are
 * resolved once per class and cached.
 */
public final class TypeRegistry {

	private final Map<Class<?>, String> namesByClass = new ConcurrentHashMap<>();

	private final Map<String, Class<?>> classesByName = new ConcurrentHashMap<>();

	/**
	 * The wire type name of a class: its {@link MessageType} value, else its simple name.
	 * @param type the message class
	 * @return the type name
	 */
	public String nameOf(Class<?> type) {
		return this.namesByClass.computeIfAbsent(type, TypeRegistry::deriveName);
	}

	/**
	 * Register a class under its type name.
	 * @param type the message class
	 * @return the type name it was registered under
	 * @throws IllegalStateException if another class is registered under the same name
	 */
	public String register(Class<?> type) {
		String name = nameOf(type);
		Class<?> previous = this.classesByName.putIfAbsent(name, type);
		if (previous != null && previous != type) {
			throw new IllegalStateException("Message type name '" + name + "' is used by both " + previous.getName()
					+ " and " + type.getName() + "; give one of them another name with @MessageType");
		}
		return name;
	}

	/**
	 * The classes known so far: those registered, and those whose name was asked, as publishing does.
	 * @return a snapshot, in no particular order
	 */
	public Set<Class<?>> knownTypes() {
		Set<Class<?>> known = new HashSet<>(this.namesByClass.keySet());
		known.addAll(this.classesByName.values());
		return known;
	}

	private static String deriveName(Class<?> type) {
		MessageType annotation = type.getAnnotation(MessageType.class);
		if (annotation != null && !annotation.value().isBlank()) {
			return annotation.value();
		}
		return type.getSimpleName();
	}

}
