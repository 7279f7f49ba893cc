package io.mmate.publish;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ReturnListener;
import io.mmate.PublishException;
import io.mmate.PublishReceipt;
import io.mmate.UnroutableMessageException;
import io.mmate.envelope.BoundedText;

/**
 * The publishes of one AMQP transaction: sent on a channel in transaction mode, completed on commit, failed on
 * rollback.
 */
final class TransactionSink implements PublishSink, ReturnListener {

	private final Channel channel;

	private final List<Sent> sent = new ArrayList<>();

	private final Map<String, UnroutableMessageException> returned = new ConcurrentHashMap<>();

	private IOException sendFailure;

	TransactionSink(Channel channel) throws IOException {
		this.channel = channel;
		channel.txSelect();
		channel.addReturnListener(this);
	}

	@Override
	public CompletableFuture<PublishReceipt> publish(String exchange, String routingKey, boolean mandatory,
			AMQP.BasicProperties properties, byte[] body, Duration confirmTimeout) {
		String refused = PublishLimits.problem(exchange, routingKey, properties,
				this.channel.getConnection().getFrameMax());
		if (refused != null) {
			return CompletableFuture.failedFuture(new PublishException("Could not publish message '"
					+ BoundedText.of(properties.getMessageId(), 300) + "' of type '"
					+ BoundedText.of(properties.getType(), 300) + "' to exchange '" + BoundedText.of(exchange, 300)
					+ "' with routing key '" + BoundedText.of(routingKey, 300) + "' in a transaction: " + refused,
					exchange, routingKey, null));
		}
		Sent message = new Sent(new PublishReceipt(properties.getMessageId(), exchange, routingKey));
		this.sent.add(message);
		try {
			this.channel.basicPublish(exchange, routingKey, mandatory, properties, body);
		}
		catch (IOException ex) {
			this.sendFailure = ex;
		}
		return message.future;
	}

	@Override
	public void handleReturn(int replyCode, String replyText, String exchange, String routingKey,
			AMQP.BasicProperties properties, byte[] body) {
		this.returned.put(String.valueOf(properties.getMessageId()),
				new UnroutableMessageException(exchange, routingKey, replyCode + " " + replyText));
	}

	/**
	 * Commit. The broker routes a transaction's messages only when it commits, so an unroutable mandatory message is
	 * returned then: the routed messages stay committed, the returned ones fail, and so does the commit.
	 */
	void commit() throws IOException {
		if (this.sendFailure != null) {
			throw this.sendFailure;
		}
		this.channel.txCommit();
		UnroutableMessageException firstReturned = null;
		for (Sent message : this.sent) {
			UnroutableMessageException returned = this.returned.get(String.valueOf(message.receipt.messageId()));
			if (returned != null) {
				message.future.completeExceptionally(returned);
				firstReturned = (firstReturned != null) ? firstReturned : returned;
			}
			else {
				message.future.complete(message.receipt);
			}
		}
		if (firstReturned != null) {
			throw firstReturned;
		}
	}

	void rollback(Exception cause) {
		try {
			if (this.channel.isOpen()) {
				this.channel.txRollback();
			}
		}
		catch (IOException ex) {
			cause.addSuppressed(ex);
		}
		this.sent.forEach((message) -> message.future.completeExceptionally(new PublishException(
				"Not published: the transaction rolled back (" + cause.getMessage() + ")",
				message.receipt.exchange(), message.receipt.routingKey(), cause)));
	}

	private record Sent(PublishReceipt receipt, CompletableFuture<PublishReceipt> future) {

		Sent(PublishReceipt receipt) {
			this(receipt, new CompletableFuture<>());
		}

	}

}
