package io.mmate.dispatch;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.mmate.MessageContext;
import io.mmate.MessageKind;
import io.mmate.MessagePublisher;
import io.mmate.PublishException;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import io.mmate.Reply;
import io.mmate.envelope.InboundEnvelope;

/**
 * The {@link MessageContext} of one delivery.
 */
final class DeliveryContext implements MessageContext {

	private final InboundEnvelope envelope;

	private final MessageKind kind;

	private final String queue;

	private final boolean redelivered;

	private final MessagePublisher publisher;

	private final ReplyAddressCheck replyAddresses;

	DeliveryContext(InboundEnvelope envelope, MessageKind kind, String queue, boolean redelivered,
			MessagePublisher publisher, ReplyAddressCheck replyAddresses) {
		this.envelope = envelope;
		this.kind = kind;
		this.queue = queue;
		this.redelivered = redelivered;
		this.publisher = publisher;
		this.replyAddresses = replyAddresses;
	}

	@Override
	public String messageId() {
		return this.envelope.id();
	}

	@Override
	public String messageType() {
		return this.envelope.type();
	}

	@Override
	public MessageKind kind() {
		return this.kind;
	}

	@Override
	public String correlationId() {
		return this.envelope.correlationId();
	}

	@Override
	public String replyTo() {
		return this.envelope.replyTo();
	}

	@Override
	public Instant timestamp() {
		return this.envelope.timestamp();
	}

	@Override
	public Map<String, Object> headers() {
		return this.envelope.headers();
	}

	@Override
	public boolean redelivered() {
		return this.redelivered;
	}

	@Override
	public String queue() {
		return this.queue;
	}

	@Override
	public MessagePublisher publisher() {
		return this.publisher;
	}

	@Override
	public CompletableFuture<PublishReceipt> reply(Reply reply) {
		if (replyTo() == null) {
			throw new IllegalStateException("Message '" + messageId() + "' of type '" + messageType()
					+ "' on queue '" + this.queue + "' has no reply address");
		}
		if (!this.replyAddresses.permits(replyTo(), messageType())) {
			return CompletableFuture.failedFuture(new PublishException("The reply to message '" + messageId()
					+ "' was not sent: replies may not go to '" + replyTo() + "'", "", replyTo(), null));
		}
		return this.publisher.sendReply(reply, replyTo(),
				PublishOptions.defaults().withCorrelationId(Dispatcher.replyCorrelationId(this.envelope)));
	}

}
