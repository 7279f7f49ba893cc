package io.mmate;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a query, or a command that asks for a reply, and completes with the reply: Mmate's request/reply bridge.
 * Replies come back on one exclusive reply queue per application instance ({@code bridge.reply.xxxxxxxx}), or with
 * {@code mmate.requests.reply-to=direct} by RabbitMQ's direct reply-to, matched by correlation id.
 *
 * <p>The future fails with a {@link RequestTimeoutException} when no reply arrives in time, with an
 * {@link ErrorReplyException} when the reply says {@code success: false}, and with a {@link PublishException} when
 * the request could not be sent; with direct reply-to, with a {@link ReplyChannelClosedException} when the channel
 * that would receive the reply closes first.
 */
public interface MessageRequester {

	/**
	 * Send a query and wait for its reply asynchronously.
	 * @param <R> the reply type
	 * @param query the query
	 * @param replyType the class the reply binds to
	 * @param timeout how long to wait for the reply
	 * @return completes with the reply
	 */
	<R extends Reply> CompletableFuture<R> request(Query query, Class<R> replyType, Duration timeout);

	/**
	 * Send a command to a service and wait for its reply asynchronously.
	 * @param <R> the reply type
	 * @param command the command
	 * @param targetService the service that handles it
	 * @param replyType the class the reply binds to
	 * @param timeout how long to wait for the reply
	 * @return completes with the reply
	 */
	<R extends Reply> CompletableFuture<R> request(Command command, String targetService, Class<R> replyType,
			Duration timeout);

	/**
	 * Send a query and block until its reply arrives.
	 * @param <R> the reply type
	 * @param query the query
	 * @param replyType the class the reply binds to
	 * @param timeout how long to wait for the reply
	 * @return the reply
	 * @throws RequestTimeoutException when no reply arrives in time
	 * @throws ErrorReplyException when the reply reports an error
	 */
	default <R extends Reply> R requestAndWait(Query query, Class<R> replyType, Duration timeout) {
		return Futures.await(request(query, replyType, timeout));
	}

	/**
	 * Send a command to a service and block until its reply arrives.
	 * @param <R> the reply type
	 * @param command the command
	 * @param targetService the service that handles it
	 * @param replyType the class the reply binds to
	 * @param timeout how long to wait for the reply
	 * @return the reply
	 * @throws RequestTimeoutException when no reply arrives in time
	 * @throws ErrorReplyException when the reply reports an error
	 */
	default <R extends Reply> R requestAndWait(Command command, String targetService, Class<R> replyType,
			Duration timeout) {
		return Futures.await(request(command, targetService, replyType, timeout));
	}

}
