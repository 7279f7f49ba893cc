package io.mmate;

/**
 * The channel that receives a request's reply closed before the reply arrived: with direct reply-to
 * ({@code mmate.requests.reply-to=direct}) a reply can only reach the channel the request was sent on, so the reply,
 * if one is sent, is lost. The request fails at once rather than by timeout; it may or may not have been handled.
 */
public class ReplyChannelClosedException extends RuntimeException {

	/**
	 * Create the exception.
	 * @param type the request's message type
	 * @param target where it was sent: a service, or the query's routing key
	 * @param address the reply address the request named
	 * @param cause why the channel closed
	 */
	public ReplyChannelClosedException(String type, String target, String address, Throwable cause) {
		super("The channel receiving replies at '" + address + "' closed before the reply to '" + type + "' from "
				+ target + " arrived; the request may or may not have been handled, and its reply is lost"
				+ ((cause != null && cause.getMessage() != null) ? ": " + cause.getMessage() : ""), cause);
	}

}
