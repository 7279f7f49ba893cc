package io.mmate.test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.mmate.Command;
import io.mmate.DeadLetterReason;
import io.mmate.ErrorReply;
import io.mmate.Message;
import io.mmate.MessageKind;
import io.mmate.MessagePublisher;
import io.mmate.MessageRequester;
import io.mmate.OutgoingMessage;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import io.mmate.Query;
import io.mmate.Reply;
import io.mmate.RequestTimeoutException;
import io.mmate.envelope.EncodedMessage;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.OutboundEnvelope;
import io.mmate.envelope.TypeRegistry;
import io.mmate.publish.MessageRouting;
import io.mmate.topology.RoutingKeys;

/**
 * The {@link MessageRequester} of the harness. A request is sent through the harness's publisher, so it is recorded
 * with its reply address and correlation id like any message the application sends. It is then answered:
 * <ol>
 * <li>by the application's own handler, when the harness delivers published messages onward and one handles it;</li>
 * <li>else by the responder stubbed for its class with {@link MmateTestHarness#respond(Class, Function)}, which
 * receives the request as it went on the wire, bound again to its class, and whose reply is encoded and decoded as a
 * reply from another service would be;</li>
 * <li>else at once with a {@link RequestTimeoutException} that names the request's type and how to answer it, rather
 * than after the request's timeout.</li>
 * </ol>
 * A reply that says {@code success: false} fails the request with an {@link io.mmate.ErrorReplyException}, as with
 * the broker; a responder that throws answers with the error reply {@code HANDLER_FAILED} and the exception's message,
 * as a failing handler of another service does.
 */
public final class HarnessMessageRequester implements MessageRequester {

	private final MessagePublisher publisher;

	private final TypeRegistry types;

	private final EnvelopeCodec codec;

	private final HarnessTransport transport;

	private final Responders responders;

	HarnessMessageRequester(MessagePublisher publisher, TypeRegistry types, EnvelopeCodec codec,
			HarnessTransport transport, Responders responders) {
		this.publisher = publisher;
		this.types = types;
		this.codec = codec;
		this.transport = transport;
		this.responders = responders;
	}

	@Override
	public <R extends Reply> CompletableFuture<R> request(Query query, Class<R> replyType, Duration timeout) {
		String type = this.types.nameOf(query.getClass());
		return send(query, type, "'" + RoutingKeys.query(type) + "'", replyType, timeout,
				(options) -> this.publisher.sendQuery(query, options));
	}

	@Override
	public <R extends Reply> CompletableFuture<R> request(Command command, String targetService, Class<R> replyType,
			Duration timeout) {
		String type = this.types.nameOf(command.getClass());
		return send(command, type, "service '" + targetService + "'", replyType, timeout,
				(options) -> this.publisher.sendCommand(command, targetService, options));
	}

	private <R> CompletableFuture<R> send(Message request, String type, String target, Class<R> replyType,
			Duration timeout, Function<PublishOptions, CompletableFuture<PublishReceipt>> publish) {
		String correlationId = UUID.randomUUID().toString();
		PendingReplies pending = this.transport.pendingReplies();
		CompletableFuture<R> reply = pending.register(correlationId, type, replyType);
		PublishOptions options = PublishOptions.defaults()
			.withReplyTo(HarnessTransport.REQUESTER_ADDRESS)
			.withCorrelationId(correlationId);
		CompletableFuture<PublishReceipt> sent;
		try {
			// With onward delivery, the application's own handler has answered once this returns.
			sent = publish.apply(options);
		}
		catch (RuntimeException ex) {
			sent = CompletableFuture.failedFuture(ex);
		}
		sent.whenComplete((receipt, ex) -> {
			if (ex != null) {
				pending.failed(correlationId, ex);
			}
			else if (pending.isPending(correlationId)) {
				answer(request, type, target, correlationId, timeout);
			}
		});
		return reply;
	}

	private void answer(Message request, String type, String target, String correlationId, Duration timeout) {
		Function<Object, ? extends Reply> responder = this.responders.find(request.getClass());
		if (responder == null) {
			this.transport.pendingReplies()
				.failed(correlationId, new RequestTimeoutException(type, target + " (nothing answers it in the Mmate "
						+ "test harness: stub a responder with harness.respond(" + request.getClass().getSimpleName()
						+ ".class, ...))", timeout));
			return;
		}
		Reply answer;
		try {
			answer = responder.apply(asSent(request, correlationId));
		}
		catch (RuntimeException ex) {
			String message = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getName();
			answer = ErrorReply.of(DeadLetterReason.HANDLER_FAILED.errorCode(), message);
		}
		if (answer == null) {
			this.transport.pendingReplies()
				.failed(correlationId, new RequestTimeoutException(type, target + " (its responder in the Mmate test "
						+ "harness returned no reply)", timeout));
			return;
		}
		this.transport.pendingReplies().replied(encode(answer, correlationId));
	}

	// The request bound again from what went on the wire, so that the responder sees what a receiver would.
	private Object asSent(Message request, String correlationId) {
		return this.transport.log()
			.published()
			.stream()
			.filter((sent) -> correlationId.equals(sent.correlationId()))
			.reduce((first, second) -> second)
			.<Object>map((sent) -> sent.payloadAs(request.getClass()))
			.orElse(request);
	}

	private org.springframework.amqp.core.Message encode(Reply answer, String correlationId) {
		PublishOptions options = PublishOptions.defaults().withCorrelationId(correlationId);
		OutgoingMessage reply = new MessageRouting(this.types).reply(answer, HarnessTransport.REQUESTER_ADDRESS,
				options);
		EncodedMessage encoded = this.codec.encodeForPublishing(new OutboundEnvelope(UUID.randomUUID().toString(),
				reply.typeName(), MessageKind.REPLY, this.transport.clock().instant(), answer, null, options));
		return this.transport.message(reply.exchange(), reply.routingKey(), encoded.properties(), encoded.body());
	}

}
