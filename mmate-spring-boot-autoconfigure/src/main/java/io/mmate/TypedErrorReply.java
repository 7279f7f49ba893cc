package io.mmate;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * An error reply sent under the type name of the reply a requester expects, so that a requester bound to that type
 * (a typed Go requester, say) can decode it and see {@code success: false}. Its payload is an {@link ErrorReply}'s:
 * {@code success}, {@code errorCode}, {@code errorMessage} and {@code error}; only the envelope's {@code type} differs.
 *
 * <p>The starter answers with one when a handler declared to return a concrete {@link Reply} class fails for good.
 *
 * @param replyType the reply class whose type name the reply carries
 * @param errorCode machine-readable code, for example {@code HANDLER_FAILED}
 * @param errorMessage human-readable description
 */
public record TypedErrorReply(@JsonIgnore Class<? extends Reply> replyType, String errorCode, String errorMessage)
		implements Reply {

	public TypedErrorReply {
		Objects.requireNonNull(replyType, "replyType must not be null");
		Objects.requireNonNull(errorCode, "errorCode must not be null");
	}

	/**
	 * Create an error reply under the type name of a reply class.
	 * @param replyType the reply class
	 * @param errorCode machine-readable code
	 * @param errorMessage human-readable description
	 * @return the reply
	 */
	public static TypedErrorReply of(Class<? extends Reply> replyType, String errorCode, String errorMessage) {
		return new TypedErrorReply(replyType, errorCode, errorMessage);
	}

	@Override
	public boolean success() {
		return false;
	}

}
