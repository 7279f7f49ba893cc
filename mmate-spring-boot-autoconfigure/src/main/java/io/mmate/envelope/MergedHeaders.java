package io.mmate.envelope;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The merged headers of a delivery: an unmodifiable map in insertion order, held in two arrays. A delivery has a few
 * dozen headers at most, and handlers read few of them, so looking a name up by comparing it with each is cheap;
 * holding them this way takes a fraction of the memory of a hash map with an entry object per header. Past
 * {@value #ARRAY_LIMIT} headers they move to a {@link LinkedHashMap}, so that a body with very many headers does not
 * cost time in proportion to the square of their number.
 *
 * <p>{@link HeaderValues} fills the map while decoding, through {@link #set} and {@link #unset}; it is not changed
 * once decoding returns it.
 */
final class MergedHeaders extends AbstractMap<String, Object> {

	static final int ARRAY_LIMIT = 64;

	private String[] names;

	private Object[] values;

	private int size;

	// The headers once there are more than ARRAY_LIMIT; the arrays are then no longer used.
	private Map<String, Object> large;

	private Set<Map.Entry<String, Object>> entries;

	/**
	 * Create an empty map.
	 * @param capacity how many headers it holds before it grows
	 */
	MergedHeaders(int capacity) {
		this.names = new String[Math.max(capacity, 1)];
		this.values = new Object[this.names.length];
	}

	/**
	 * Set a header: a header of that name keeps its place and takes the value, a new one comes last.
	 * @param name the name
	 * @param value the value, not {@code null}
	 */
	void set(String name, Object value) {
		if (this.large != null) {
			this.large.put(name, value);
			return;
		}
		int index = indexOf(name);
		if (index >= 0) {
			this.values[index] = value;
			return;
		}
		if (this.size == ARRAY_LIMIT) {
			Map<String, Object> large = new LinkedHashMap<>(ARRAY_LIMIT * 4);
			for (int i = 0; i < this.size; i++) {
				large.put(this.names[i], this.values[i]);
			}
			large.put(name, value);
			this.large = large;
			this.names = null;
			this.values = null;
			this.size = 0;
			this.entries = null;
			return;
		}
		if (this.size == this.names.length) {
			this.names = Arrays.copyOf(this.names, this.size * 2);
			this.values = Arrays.copyOf(this.values, this.size * 2);
		}
		this.names[this.size] = name;
		this.values[this.size] = value;
		this.size++;
	}

	/**
	 * Remove a header if there is one of that name; the others keep their order.
	 * @param name the name
	 */
	void unset(String name) {
		if (this.large != null) {
			this.large.remove(name);
			return;
		}
		int index = indexOf(name);
		if (index < 0) {
			return;
		}
		int after = this.size - index - 1;
		System.arraycopy(this.names, index + 1, this.names, index, after);
		System.arraycopy(this.values, index + 1, this.values, index, after);
		this.size--;
		this.names[this.size] = null;
		this.values[this.size] = null;
	}

	@Override
	public Object get(Object name) {
		if (this.large != null) {
			return this.large.get(name);
		}
		int index = indexOf(name);
		return (index >= 0) ? this.values[index] : null;
	}

	@Override
	public boolean containsKey(Object name) {
		if (this.large != null) {
			return this.large.containsKey(name);
		}
		return indexOf(name) >= 0;
	}

	@Override
	public int size() {
		return (this.large != null) ? this.large.size() : this.size;
	}

	@Override
	public void forEach(BiConsumer<? super String, ? super Object> action) {
		if (this.large != null) {
			this.large.forEach(action);
			return;
		}
		for (int i = 0; i < this.size; i++) {
			action.accept(this.names[i], this.values[i]);
		}
	}

	@Override
	public Set<Map.Entry<String, Object>> entrySet() {
		Set<Map.Entry<String, Object>> entries = this.entries;
		if (entries == null) {
			entries = (this.large != null) ? Collections.unmodifiableMap(this.large).entrySet() : new Entries();
			this.entries = entries;
		}
		return entries;
	}

	private int indexOf(Object name) {
		if (name != null) {
			for (int i = 0; i < this.size; i++) {
				if (name.equals(this.names[i])) {
					return i;
				}
			}
		}
		return -1;
	}

	/**
	 * The entries in order, read only: neither the set nor its iterator remove, and entries cannot be set.
	 */
	private final class Entries extends AbstractSet<Map.Entry<String, Object>> {

		@Override
		public Iterator<Map.Entry<String, Object>> iterator() {
			return new Iterator<>() {

				private int next;

				@Override
				public boolean hasNext() {
					return this.next < MergedHeaders.this.size;
				}

				@Override
				public Map.Entry<String, Object> next() {
					if (!hasNext()) {
						throw new NoSuchElementException();
					}
					int index = this.next++;
					return new AbstractMap.SimpleImmutableEntry<>(MergedHeaders.this.names[index],
							MergedHeaders.this.values[index]);
				}

			};
		}

		@Override
		public int size() {
			return MergedHeaders.this.size;
		}

	}

}
