package io.mmate.envelope;

import java.nio.charset.StandardCharsets;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The payload object of an inbound message as JSON. A decoded delivery keeps the payload as the span of the body that
 * holds it, so that the handler's class is bound straight from the bytes; a tree is read only when someone asks for
 * one, and then once. A delivery decoded with its handler's class known also holds the payload bound to that class
 * while the body was read, for the first binding to that class to take.
 */
public final class PayloadJson {

	private final byte[] body;

	private final int offset;

	private final int length;

	private final JsonMapper mapper;

	private ObjectNode tree;

	private final Class<?> boundType;

	private Object bound;

	private PayloadJson(byte[] body, int offset, int length, JsonMapper mapper, ObjectNode tree, Class<?> boundType,
			Object bound) {
		this.body = body;
		this.offset = offset;
		this.length = length;
		this.mapper = mapper;
		this.tree = tree;
		this.boundType = boundType;
		this.bound = bound;
	}

	/**
	 * Wrap a payload that is a tree already.
	 * @param tree the payload object
	 * @return the payload
	 */
	public static PayloadJson of(ObjectNode tree) {
		return new PayloadJson(null, 0, 0, null, tree, null, null);
	}

	/**
	 * Refer to a payload object within a message body.
	 * @param body the UTF-8 body
	 * @param offset where the payload object starts
	 * @param length its length in bytes
	 * @param mapper the mapper that reads the tree when asked
	 * @return the payload
	 */
	static PayloadJson of(byte[] body, int offset, int length, JsonMapper mapper) {
		return new PayloadJson(body, offset, length, mapper, null, null, null);
	}

	/**
	 * Refer to a payload object within a message body that was bound to a class while the body was read.
	 * @param body the UTF-8 body
	 * @param offset where the payload object starts
	 * @param length its length in bytes
	 * @param mapper the mapper that reads the tree when asked
	 * @param boundType the class the payload was bound to
	 * @param bound the bound payload
	 * @return the payload
	 */
	static PayloadJson of(byte[] body, int offset, int length, JsonMapper mapper, Class<?> boundType, Object bound) {
		return new PayloadJson(body, offset, length, mapper, null, boundType, bound);
	}

	/**
	 * The payload as a tree, read from the body on the first call. Changes to the tree are not seen by binding, which
	 * reads the body.
	 * @return the payload object
	 */
	public ObjectNode tree() {
		ObjectNode tree = this.tree;
		if (tree == null) {
			tree = (ObjectNode) this.mapper.readTree(this.body, this.offset, this.length);
			this.tree = tree;
		}
		return tree;
	}

	/**
	 * Whether the payload is held as bytes of the body, rather than only as a tree.
	 * @return whether {@link #body()}, {@link #offset()} and {@link #length()} apply
	 */
	boolean hasBytes() {
		return this.body != null;
	}

	/**
	 * Take the payload bound while the body was read, if it was bound to this class and not taken yet: each binding
	 * gets an instance of its own, so that a later one binds from the bytes again.
	 * @param type the class to bind to
	 * @return the bound payload, or {@code null}
	 */
	Object takeBound(Class<?> type) {
		Object bound = this.bound;
		if (bound == null || this.boundType != type) {
			return null;
		}
		this.bound = null;
		return bound;
	}

	byte[] body() {
		return this.body;
	}

	int offset() {
		return this.offset;
	}

	int length() {
		return this.length;
	}

	/**
	 * The payload's JSON text.
	 * @return the text
	 */
	@Override
	public String toString() {
		return hasBytes() ? new String(this.body, this.offset, this.length, StandardCharsets.UTF_8)
				: this.tree.toString();
	}

}
