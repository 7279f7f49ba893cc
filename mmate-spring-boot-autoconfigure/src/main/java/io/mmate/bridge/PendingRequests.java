package io.mmate.bridge;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.mmate.ErrorReplyException;
import io.mmate.ReplyChannelClosedException;
import io.mmate.RequestTimeoutException;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.InboundEnvelope;
import io.mmate.envelope.UndecodableMessageException;
import io.mmate.metrics.MeterTags;
import tools.jackson.databind.JsonNode;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Requests waiting for their replies, by correlation id. Their number is bounded: a request waits for a free place,
 * at most its own timeout, so that a flood of requests slows its callers down instead of filling memory. Each request
 * is observed as {@code mmate.requests} with {@code messaging.system=rabbitmq}, {@code messaging.operation=publish}, its
 * type ({@code mmate.message.type}) and outcome ({@code reply}, {@code error}, {@code timeout}).
 */
final class PendingRequests implements AutoCloseable {

	/** The observation, and timer, of requests. */
	static final String OBSERVATION = "mmate.requests";

	/** The longest error code of an error reply kept, in chars. */
	static final int MAX_ERROR_CODE = 255;

	/** The longest error message of an error reply kept, in chars. */
	static final int MAX_ERROR_MESSAGE = 4000;

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	private final Semaphore places;

	private final ScheduledThreadPoolExecutor timeouts;

	private final EnvelopeCodec codec;

	private final ObservationRegistry observations;

	private final AtomicLong lateReplies = new AtomicLong();

	PendingRequests(int maxPending, EnvelopeCodec codec, ObservationRegistry observations) {
		this.places = new Semaphore(maxPending);
		this.codec = codec;
		this.observations = observations;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("mmate-request-timeouts-");
		threads.setDaemon(true);
		this.timeouts = new ScheduledThreadPoolExecutor(1, threads);
		// A request answered in time cancels its timeout: removed at once, rather than kept queued until it would
		// have been due, so that the queue holds the requests in flight, not every request of the last timeout.
		this.timeouts.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Register a request, waiting for a free place up to its timeout.
	 * @param replyTo the reply address the request names
	 * @return the future of its reply
	 * @throws RequestTimeoutException when no place freed up in time
	 */
	<R> CompletableFuture<R> register(String correlationId, String type, String target, Class<R> replyType,
			Duration timeout, String replyTo) {
		try {
			if (!this.places.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new RequestTimeoutException(type, target + " (waiting for one of the "
						+ "mmate.requests.max-pending places)", timeout);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RequestTimeoutException(type, target + " (interrupted)", timeout);
		}
		Observation observation = Observation.createNotStarted(OBSERVATION, this.observations)
			.contextualName("request " + type)
			.lowCardinalityKeyValue(MeterTags.SYSTEM, MeterTags.RABBITMQ)
			.lowCardinalityKeyValue(MeterTags.OPERATION, MeterTags.PUBLISH)
			.lowCardinalityKeyValue(MeterTags.MESSAGE_TYPE, type)
			.start();
		Pending request = new Pending(type, target, replyTo, replyType, new CompletableFuture<>(), observation);
		this.pending.put(correlationId, request);
		request.timeout = this.timeouts.schedule(
				() -> finish(correlationId, new RequestTimeoutException(type, target, timeout), "timeout"),
				timeout.toMillis(), TimeUnit.MILLISECONDS);
		@SuppressWarnings("unchecked")
		CompletableFuture<R> future = (CompletableFuture<R>) request.future;
		return future;
	}

	/**
	 * Complete the request a reply answers; a reply without a waiting request is dropped and counted.
	 */
	void replied(InboundEnvelope reply) {
		Pending request = (reply.correlationId() != null) ? this.pending.get(reply.correlationId()) : null;
		if (request == null) {
			this.lateReplies.incrementAndGet();
			return;
		}
		// The payload's tree is read from the body here, once, for the status fields of a reply of any class: an
		// ErrorReply, a reply of the expected class with success false (as a typed error reply is), or any other.
		JsonNode payload = reply.payload();
		JsonNode success = caseInsensitive(payload, "success");
		if (success != null && !success.asBoolean(true)) {
			String code = text(caseInsensitive(payload, "errorCode"), MAX_ERROR_CODE);
			String message = text(caseInsensitive(payload, "errorMessage"), MAX_ERROR_MESSAGE);
			if (message == null) {
				// Go's ErrorReply has kept the message in 'error' too.
				message = text(caseInsensitive(payload, "error"), MAX_ERROR_MESSAGE);
			}
			finish(reply.correlationId(), new ErrorReplyException(request.type, code, message), "error");
			return;
		}
		try {
			Object value = this.codec.readPayload(reply, request.replyType);
			if (this.pending.remove(reply.correlationId(), request)) {
				settle(request, "reply");
				request.future.complete(value);
			}
		}
		catch (UndecodableMessageException ex) {
			finish(reply.correlationId(), ex, "error");
		}
	}

	/**
	 * Fail a request, for example because it could not be sent.
	 */
	void failed(String correlationId, Throwable error) {
		finish(correlationId, error, "error");
	}

	/**
	 * Fail at once every request waiting for its reply at an address that can receive no more replies: the direct
	 * reply-to channel it names has closed.
	 */
	void replyAddressClosed(String address, Throwable cause) {
		this.pending.forEach((correlationId, request) -> {
			if (request.replyTo.equals(address)) {
				finish(correlationId, new ReplyChannelClosedException(request.type, request.target, address, cause),
						"error");
			}
		});
	}

	long lateReplies() {
		return this.lateReplies.get();
	}

	int size() {
		return this.pending.size();
	}

	/**
	 * How many request timeouts are scheduled: one per request waiting for its reply, and for a while one of a request
	 * settled while it was being registered, whose timeout then runs to no effect.
	 * @return the count
	 */
	int scheduledTimeouts() {
		return this.timeouts.getQueue().size();
	}

	private void finish(String correlationId, Throwable error, String outcome) {
		Pending request = this.pending.remove(correlationId);
		if (request != null) {
			request.observation.error(error);
			settle(request, outcome);
			request.future.completeExceptionally(error);
		}
	}

	private void settle(Pending request, String outcome) {
		if (request.timeout != null) {
			request.timeout.cancel(false);
		}
		this.places.release();
		request.observation.lowCardinalityKeyValue(MeterTags.OUTCOME, outcome).stop();
	}

	// The responder's text, cut to a bound: it ends up in an exception message and maybe a log line.
	private static String text(JsonNode value, int max) {
		if (value == null || !value.isString() || value.stringValue().isEmpty()) {
			return null;
		}
		String text = value.stringValue();
		return (text.length() <= max) ? text : text.substring(0, max) + "...";
	}

	private static JsonNode caseInsensitive(JsonNode payload, String name) {
		for (Map.Entry<String, JsonNode> field : payload.properties()) {
			if (field.getKey().equalsIgnoreCase(name)) {
				return field.getValue();
			}
		}
		return null;
	}

	@Override
	public void close() {
		this.timeouts.shutdownNow();
	}

	private static final class Pending {

		final String type;

		final String target;

		final String replyTo;

		final Class<?> replyType;

		final CompletableFuture<Object> future;

		final Observation observation;

		volatile ScheduledFuture<?> timeout;

		@SuppressWarnings("unchecked")
		Pending(String type, String target, String replyTo, Class<?> replyType, CompletableFuture<?> future,
				Observation observation) {
			this.type = type;
			this.target = target;
			this.replyTo = replyTo;
			this.replyType = replyType;
			this.future = (CompletableFuture<Object>) future;
			this.observation = observation;
		}

	}

}
