package io.mmate.test;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.mmate.Message;
import io.mmate.Reply;

/**
 * The stubbed services that answer the application's requests in the harness, one per request class.
 */
final class Responders {

	private final Map<Class<?>, Function<Object, ? extends Reply>> responders = new ConcurrentHashMap<>();

	@SuppressWarnings("unchecked")
	<T extends Message> void respond(Class<T> type, Function<? super T, ? extends Reply> responder) {
		this.responders.put(type, (request) -> responder.apply((T) request));
	}

	/**
	 * The responder of a request class: its own, else one of a supertype.
	 * @param type the request's class
	 * @return the responder, or {@code null}
	 */
	Function<Object, ? extends Reply> find(Class<?> type) {
		Function<Object, ? extends Reply> exact = this.responders.get(type);
		if (exact != null) {
			return exact;
		}
		return this.responders.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().isAssignableFrom(type))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);
	}

	void clear() {
		this.responders.clear();
	}

}
