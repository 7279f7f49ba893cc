package io.mmate;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One message of a batch for {@link MessagePublisher#publishBatch(java.util.List)}: what to publish and how, as the
 * matching single-message method would.
 */
public final class BatchMessage {

	private final Message message;

	private final String targetService;

	private final String replyTo;

	private final PublishOptions options;

	private BatchMessage(Message message, String targetService, String replyTo, PublishOptions options) {
		this.message = Objects.requireNonNull(message, "message must not be null");
		this.targetService = targetService;
		this.replyTo = replyTo;
		this.options = (options != null) ? options : PublishOptions.defaults();
	}

	/**
	 * An event.
	 * @param event the event
	 * @return the batch entry
	 */
	public static BatchMessage event(Event event) {
		return new BatchMessage(event, null, null, null);
	}

	/**
	 * A command for a service.
	 * @param command the command
	 * @param targetService the receiving service
	 * @return the batch entry
	 */
	public static BatchMessage command(Command command, String targetService) {
		return new BatchMessage(command, Objects.requireNonNull(targetService, "targetService must not be null"),
				null, null);
	}

	/**
	 * A query.
	 * @param query the query
	 * @return the batch entry
	 */
	public static BatchMessage query(Query query) {
		return new BatchMessage(query, null, null, null);
	}

	/**
	 * A reply.
	 * @param reply the reply
	 * @param replyTo the requester's reply queue
	 * @return the batch entry
	 */
	public static BatchMessage reply(Reply reply, String replyTo) {
		return new BatchMessage(reply, null, Objects.requireNonNull(replyTo, "replyTo must not be null"), null);
	}

	/**
	 * A copy with publish options.
	 * @param options the options
	 * @return the copy
	 */
	public BatchMessage withOptions(PublishOptions options) {
		return new BatchMessage(this.message, this.targetService, this.replyTo, options);
	}

	/**
	 * Publish this entry with a publisher.
	 * @param publisher the publisher
	 * @return completes when confirmed
	 */
	CompletableFuture<PublishReceipt> publishWith(MessagePublisher publisher) {
		if (this.message instanceof Event event) {
			return publisher.publishEvent(event, this.options);
		}
		if (this.message instanceof Command command) {
			return publisher.sendCommand(command, this.targetService, this.options);
		}
		if (this.message instanceof Query query) {
			return publisher.sendQuery(query, this.options);
		}
		return publisher.sendReply((Reply) this.message, this.replyTo, this.options);
	}

	/** @return the message */
	public Message message() {
		return this.message;
	}

}
