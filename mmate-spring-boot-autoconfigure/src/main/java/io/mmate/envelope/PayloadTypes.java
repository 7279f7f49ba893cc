package io.mmate.envelope;

/**
 * The class each message type's payload binds to, as the handlers of a queue declare it. Decoding with it binds the
 * payload while the body is read, rather than keep the payload's bytes for a second parser.
 */
@FunctionalInterface
public interface PayloadTypes {

	/**
	 * The class a payload of the given type binds to.
	 * @param typeName the message type name
	 * @return the class, or {@code null} when no handler takes the type
	 */
	Class<?> payloadType(String typeName);

}
