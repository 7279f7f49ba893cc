package io.mmate.autoconfigure.endpoint;

import java.util.function.Supplier;

import io.mmate.deadletter.DeadLetterOperations;
import io.mmate.deadletter.DeadLetterPage;
import io.mmate.deadletter.DeadLetterRequestException;
import io.mmate.deadletter.PurgeResult;
import io.mmate.deadletter.ReplayResult;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code mmatedeadletters} actuator endpoint: lists, replays and purges the dead letters of this service's queue.
 * Over HTTP, {@code GET /actuator/mmatedeadletters/{queue}?offset=&limit=} lists a page, {@code POST} with
 * {@code {"messageId": "..."}} or {@code {"all": true, "max": n}} replays, and {@code DELETE} purges. A queue that is
 * not this service's, a name longer than 255 bytes or a page out of range is a bad request; another operation still
 * running on the same queue answers {@code 429 Too Many Requests} ({@link MmateDeadLetterEndpointWebExtension}).
 *
 * <p>Dead letters hold message bodies and exception messages: expose the endpoint only where the management port is
 * not reachable from outside, or behind Spring Security. Its default access is read-only, because replaying and
 * purging change what a service does: allow them with
 * {@code management.endpoint.mmatedeadletters.access=unrestricted}. Like every endpoint, it is on HTTP only once
 * exposed, for example with {@code management.endpoints.web.exposure.include=health,mmatedeadletters}.
 */
@Endpoint(id = MmateDeadLetterEndpoint.ID, defaultAccess = Access.READ_ONLY)
public class MmateDeadLetterEndpoint {

	/** The endpoint id. */
	public static final String ID = "mmatedeadletters";

	/** The page size when the request gives none. */
	public static final int DEFAULT_LIMIT = 20;

	private final DeadLetterOperations operations;

	/**
	 * Create the endpoint.
	 * @param operations the dead-letter operations it exposes
	 */
	public MmateDeadLetterEndpoint(DeadLetterOperations operations) {
		this.operations = operations;
	}

	/**
	 * List a page of the dead letters of a service queue, leaving them in the dead-letter queue.
	 * @param queue the service queue, {@code {service}-queue}
	 * @param offset how many messages to skip, 0 when absent
	 * @param limit the most messages to return, {@value #DEFAULT_LIMIT} (or the maximum page size, when smaller) when
	 * absent
	 * @return the page
	 */
	@ReadOperation
	public DeadLetterPage deadLetters(@Selector String queue, @Nullable Integer offset, @Nullable Integer limit) {
		int pageSize = (limit != null) ? limit : Math.min(DEFAULT_LIMIT, this.operations.limits().maxPageSize());
		return invoke(() -> this.operations.list(queue, (offset != null) ? offset : 0, pageSize));
	}

	/**
	 * Replay dead letters to the queue they failed on, with a fresh attempt count: either the one with a message id,
	 * or the oldest ones.
	 * @param queue the service queue, {@code {service}-queue}
	 * @param messageId the message id of the one to replay
	 * @param all {@code true} to replay the oldest ones instead
	 * @param max with {@code all}, the most to replay; every message ready when absent
	 * @return which messages were replayed and which failed and stay
	 */
	@WriteOperation
	public ReplayResult replay(@Selector String queue, @Nullable String messageId, @Nullable Boolean all,
			@Nullable Integer max) {
		boolean replayAll = Boolean.TRUE.equals(all);
		if ((messageId != null) == replayAll) {
			throw invalid("Give either a 'messageId' to replay one message or 'all': true to replay the oldest "
					+ "(at most 'max') messages");
		}
		if (!replayAll) {
			return invoke(() -> this.operations.replay(queue, messageId));
		}
		return invoke(() -> this.operations.replayAll(queue, (max != null) ? max : Integer.MAX_VALUE));
	}

	/**
	 * Delete every message ready in the dead-letter queue of a service queue.
	 * @param queue the service queue, {@code {service}-queue}
	 * @return how many were deleted
	 */
	@DeleteOperation
	public PurgeResult purge(@Selector String queue) {
		return invoke(() -> this.operations.purge(queue));
	}

	private static <T> T invoke(Supplier<T> operation) {
		try {
			return operation.get();
		}
		catch (DeadLetterRequestException ex) {
			throw invalid(ex.getMessage());
		}
	}

	private static InvalidEndpointRequestException invalid(String message) {
		return new InvalidEndpointRequestException(message, message);
	}

}
