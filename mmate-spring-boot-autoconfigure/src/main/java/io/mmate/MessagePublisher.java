package io.mmate;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes Mmate messages with publisher confirms. Every method returns a future that completes when the broker has
 * taken responsibility for the message, and fails with a {@link PublishException} when it refused it, could not
 * route a mandatory message ({@link UnroutableMessageException}), or did not confirm within the confirm timeout.
 *
 * <p>Futures complete on a starter-owned thread, so blocking in a dependent stage does not stall the connection.
 */
public interface MessagePublisher {

	/**
	 * Publish an event to {@code mmate.events} with routing key {@code evt.{aggregateId}.{type}}.
	 * @param event the event
	 * @return completes when confirmed
	 */
	default CompletableFuture<PublishReceipt> publishEvent(Event event) {
		return publishEvent(event, PublishOptions.defaults());
	}

	/**
	 * Publish an event with options.
	 * @param event the event
	 * @param options how to publish it
	 * @return completes when confirmed
	 */
	CompletableFuture<PublishReceipt> publishEvent(Event event, PublishOptions options);

	/**
	 * Send a command to {@code mmate.commands} with routing key {@code cmd.{targetService}.{type}}, mandatory.
	 * @param command the command
	 * @param targetService the service name of the receiver
	 * @return completes when confirmed
	 */
	default CompletableFuture<PublishReceipt> sendCommand(Command command, String targetService) {
		return sendCommand(command, targetService, PublishOptions.defaults());
	}

	/**
	 * Send a command with options; {@link PublishOptions#withReplyTo(String)} asks for a reply.
	 * @param command the command
	 * @param targetService the service name of the receiver
	 * @param options how to send it
	 * @return completes when confirmed
	 */
	CompletableFuture<PublishReceipt> sendCommand(Command command, String targetService, PublishOptions options);

	/**
	 * Send a query whose reply comes back to this service's own queue ({@code {mmate.service-name}-queue}), where an
	 * {@link MmateHandler} for the reply type takes it, as any other message. To wait for the reply instead, use
	 * {@link MessageRequester}.
	 * @param query the query
	 * @return completes when confirmed; fails with an {@link IllegalStateException} when the publisher knows no
	 * queue of its own (no {@code mmate.service-name})
	 */
	default CompletableFuture<PublishReceipt> sendQuery(Query query) {
		return CompletableFuture.failedFuture(new IllegalStateException("sendQuery(query) asks for the reply on this "
				+ "service's own queue, and this publisher has none: set mmate.service-name, or pass the reply "
				+ "address with sendQuery(query, PublishOptions.defaults().withReplyTo(...))"));
	}

	/**
	 * Send a query to {@code mmate.queries} with routing key {@code qry.{type}}, mandatory. Set the reply address
	 * with {@link PublishOptions#withReplyTo(String)}.
	 * @param query the query
	 * @param options how to send it
	 * @return completes when confirmed
	 */
	CompletableFuture<PublishReceipt> sendQuery(Query query, PublishOptions options);

	/**
	 * Send a reply through the default exchange to a reply queue, mandatory.
	 * @param reply the reply
	 * @param replyTo the requester's reply queue
	 * @param correlationId the request's correlation id
	 * @return completes when confirmed
	 */
	default CompletableFuture<PublishReceipt> sendReply(Reply reply, String replyTo, String correlationId) {
		return sendReply(reply, replyTo, PublishOptions.defaults().withCorrelationId(correlationId));
	}

	/**
	 * Send a reply with options.
	 * @param reply the reply
	 * @param replyTo the requester's reply queue
	 * @param options how to send it, normally with the request's correlation id
	 * @return completes when confirmed
	 */
	CompletableFuture<PublishReceipt> sendReply(Reply reply, String replyTo, PublishOptions options);

	/**
	 * Publish an event and wait until the broker has confirmed it.
	 * @param event the event
	 * @return the receipt
	 * @throws PublishException when the broker refused it or did not confirm it within the confirm timeout
	 */
	default PublishReceipt publishEventAndWait(Event event) {
		return Futures.await(publishEvent(event));
	}

	/**
	 * Publish an event with options and wait until the broker has confirmed it.
	 * @param event the event
	 * @param options how to publish it
	 * @return the receipt
	 * @throws PublishException when the broker refused it or did not confirm it within the confirm timeout
	 */
	default PublishReceipt publishEventAndWait(Event event, PublishOptions options) {
		return Futures.await(publishEvent(event, options));
	}

	/**
	 * Send a command and wait until the broker has confirmed it.
	 * @param command the command
	 * @param targetService the service name of the receiver
	 * @return the receipt
	 * @throws UnroutableMessageException when no queue of the target service is bound for it
	 * @throws PublishException when the broker refused it or did not confirm it within the confirm timeout
	 */
	default PublishReceipt sendCommandAndWait(Command command, String targetService) {
		return Futures.await(sendCommand(command, targetService));
	}

	/**
	 * Send a command with options and wait until the broker has confirmed it.
	 * @param command the command
	 * @param targetService the service name of the receiver
	 * @param options how to send it
	 * @return the receipt
	 * @throws UnroutableMessageException when no queue of the target service is bound for it
	 * @throws PublishException when the broker refused it or did not confirm it within the confirm timeout
	 */
	default PublishReceipt sendCommandAndWait(Command command, String targetService, PublishOptions options) {
		return Futures.await(sendCommand(command, targetService, options));
	}

	/**
	 * Publish a batch: every message is sent at once and all confirms are awaited together, which is much faster than
	 * waiting for each confirm in turn. The result says which messages failed, so that just those can be sent again.
	 * @param messages the messages, published in order
	 * @return completes when every message is confirmed or has failed; never completes exceptionally
	 */
	default CompletableFuture<BatchResult> publishBatch(List<BatchMessage> messages) {
		return BatchPublishing.publish(this, messages);
	}

}
