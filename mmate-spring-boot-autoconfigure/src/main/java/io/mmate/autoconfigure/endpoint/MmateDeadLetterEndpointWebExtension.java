package io.mmate.autoconfigure.endpoint;

import java.util.Map;
import java.util.function.Supplier;

import io.mmate.deadletter.DeadLetterBusyException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@link MmateDeadLetterEndpoint} over HTTP: the same operations, answering {@code 429 Too Many Requests} when
 * another operation on the same dead-letter queue is still running after a short wait, so that a client knows to try
 * again rather than read it as a failure of the server.
 */
@EndpointWebExtension(endpoint = MmateDeadLetterEndpoint.class)
public class MmateDeadLetterEndpointWebExtension {

	private static final int TOO_MANY_REQUESTS = 429;

	private final MmateDeadLetterEndpoint endpoint;

	/**
	 * Create the extension.
	 * @param endpoint the endpoint it answers for
	 */
	public MmateDeadLetterEndpointWebExtension(MmateDeadLetterEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * List a page of dead letters, see {@link MmateDeadLetterEndpoint#deadLetters}.
	 * @param queue the service queue
	 * @param offset how many messages to skip
	 * @param limit the most messages to return
	 * @return the page, or 429
	 */
	@ReadOperation
	public WebEndpointResponse<Object> deadLetters(@Selector String queue, @Nullable Integer offset,
			@Nullable Integer limit) {
		return respond(() -> this.endpoint.deadLetters(queue, offset, limit));
	}

	/**
	 * Replay dead letters, see {@link MmateDeadLetterEndpoint#replay}.
	 * @param queue the service queue
	 * @param messageId the message id of the one to replay
	 * @param all {@code true} to replay the oldest ones instead
	 * @param max with {@code all}, the most to replay
	 * @return what was replayed, or 429
	 */
	@WriteOperation
	public WebEndpointResponse<Object> replay(@Selector String queue, @Nullable String messageId,
			@Nullable Boolean all, @Nullable Integer max) {
		return respond(() -> this.endpoint.replay(queue, messageId, all, max));
	}

	/**
	 * Purge the dead letters, see {@link MmateDeadLetterEndpoint#purge}.
	 * @param queue the service queue
	 * @return how many were deleted, or 429
	 */
	@DeleteOperation
	public WebEndpointResponse<Object> purge(@Selector String queue) {
		return respond(() -> this.endpoint.purge(queue));
	}

	private static WebEndpointResponse<Object> respond(Supplier<Object> operation) {
		try {
			return new WebEndpointResponse<>(operation.get());
		}
		catch (DeadLetterBusyException ex) {
			return new WebEndpointResponse<>(Map.of("status", TOO_MANY_REQUESTS, "error", "Too Many Requests",
					"message", ex.getMessage()), TOO_MANY_REQUESTS);
		}
	}

}
