package io.mmate.sample.order;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.mmate.Command;
import io.mmate.ErrorReplyException;
import io.mmate.MessageRequester;
import io.mmate.Query;
import io.mmate.Reply;

/**
 * A {@link MessageRequester} for unit tests that records each request and answers it at once with what its responder
 * returns, as the bridge would complete it: an error reply fails the future with an {@link ErrorReplyException}.
 * Or it fails every request, as an unsent or unanswered one fails.
 */
final class StubMessageRequester implements MessageRequester {

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final Function<Object, Reply> responder;

	private volatile RuntimeException failure;

	/**
	 * Create a requester.
	 * @param responder answers a command or query with a reply, as its handler would
	 */
	StubMessageRequester(Function<Object, Reply> responder) {
		this.responder = responder;
	}

	/**
	 * Fail every later request with this exception.
	 * @param failure the exception
	 */
	void failWith(RuntimeException failure) {
		this.failure = failure;
	}

	List<Request> requests() {
		return this.requests;
	}

	@Override
	public <R extends Reply> CompletableFuture<R> request(Query query, Class<R> replyType, Duration timeout) {
		return answer(new Request(query, null, timeout), replyType);
	}

	@Override
	public <R extends Reply> CompletableFuture<R> request(Command command, String targetService, Class<R> replyType,
			Duration timeout) {
		return answer(new Request(command, targetService, timeout), replyType);
	}

	private <R extends Reply> CompletableFuture<R> answer(Request request, Class<R> replyType) {
		this.requests.add(request);
		if (this.failure != null) {
			return CompletableFuture.failedFuture(this.failure);
		}
		Reply reply = this.responder.apply(request.message());
		if (!reply.success()) {
			return CompletableFuture.failedFuture(new ErrorReplyException(
					request.message().getClass().getSimpleName(), reply.errorCode(), reply.errorMessage()));
		}
		return CompletableFuture.completedFuture(replyType.cast(reply));
	}

	/**
	 * A request as it was sent.
	 *
	 * @param message the command or query
	 * @param targetService the service a command was sent to, {@code null} for a query
	 * @param timeout the timeout it was sent with
	 */
	record Request(Object message, String targetService, Duration timeout) {

	}

}
