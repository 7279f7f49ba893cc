package io.mmate.publish;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ReturnListener;
import com.rabbitmq.client.ShutdownListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.mmate.PublishException;
import io.mmate.PublishReceipt;
import io.mmate.PublishRefusedException;
import io.mmate.UnroutableMessageException;


/**
 * The confirms, returns and shutdown of one channel. Sequence numbers start again on every channel, so each channel
 * has its own tracker and a late callback of a closed channel cannot settle a publish of its successor.
 */
final class ConfirmTracker implements ConfirmListener, ReturnListener, ShutdownListener {

	private final Channel channel;

	private final Channel target;

	private final Executor completions;

	private final ChannelLossHandler lossHandler;

	private final ConcurrentNavigableMap<Long, PendingPublish> pending = new ConcurrentSkipListMap<>();

	private final Map<String, PendingPublish> mandatoryByMessageId = new ConcurrentHashMap<>();

	private volatile boolean retired;

	ConfirmTracker(Channel channel, Executor completions, ChannelLossHandler lossHandler) throws IOException {
		this.channel = channel;
		this.target = ChannelTargets.target(channel);
		this.completions = completions;
		this.lossHandler = lossHandler;
		channel.confirmSelect();
		channel.addConfirmListener(this);
		channel.addReturnListener(this);
		channel.addShutdownListener(this);
	}

	Channel channel() {
		return this.channel;
	}

	/**
	 * Send a publish and track its confirm.
	 * @param publish the publish
	 * @throws IOException if the channel or its connection failed
	 * @throws RefusedException if the client refused the message itself; the tracker is then retired
	 */
	void send(PendingPublish publish) throws IOException, RefusedException {
		publish.sequence = this.target.getNextPublishSeqNo();
		publish.returnedText = null;
		// Timed from before it is tracked: a sweep for overdue confirms on another thread may see it at once.
		publish.sentNanos = System.nanoTime();
		this.pending.put(publish.sequence, publish);
		if (publish.mandatory) {
			this.mandatoryByMessageId.put(publish.receipt.messageId(), publish);
		}
		try {
			this.target.basicPublish(publish.receipt.exchange(), publish.receipt.routingKey(), publish.mandatory,
					publish.properties, publish.body);
			publish.sent = true;
		}
		catch (IOException | ShutdownSignalException ex) {
			forget(publish);
			throw ex;
		}
		catch (RuntimeException ex) {
			forget(publish);
			if (!this.channel.isOpen()) {
				throw ex;
			}
			// The client counted the message for confirms before it refused to write it: the broker's confirms of
			// later messages on this channel would settle the wrong publishes.
			this.retired = true;
			throw new RefusedException(ex);
		}
	}

	/**
	 * Whether no more publishes may go through this tracker's channel; it is closed once its publishes are settled.
	 * @return whether the tracker is retired
	 */
	boolean retired() {
		return this.retired;
	}

	/**
	 * Whether no publish waits for its confirm.
	 * @return whether none does
	 */
	boolean idle() {
		return this.pending.isEmpty();
	}

	void forget(PendingPublish publish) {
		this.pending.remove(publish.sequence, publish);
		this.mandatoryByMessageId.remove(publish.receipt.messageId(), publish);
	}

	/**
	 * Remove and return the publishes whose confirm is overdue. Publishes are ordered by when they were sent, so the
	 * scan stops at the first that is not.
	 */
	List<PendingPublish> overdue(long nowNanos) {
		List<PendingPublish> overdue = new ArrayList<>();
		for (PendingPublish publish : this.pending.values()) {
			if (nowNanos - publish.sentNanos < publish.confirmTimeoutNanos) {
				break;
			}
			forget(publish);
			overdue.add(publish);
		}
		return overdue;
	}

	@Override
	public void handleAck(long deliveryTag, boolean multiple) {
		settle(deliveryTag, multiple, true);
	}

	@Override
	public void handleNack(long deliveryTag, boolean multiple) {
		settle(deliveryTag, multiple, false);
	}

	private void settle(long deliveryTag, boolean multiple, boolean ack) {
		if (multiple) {
			// One completion task for all the messages one confirm settles.
			List<PendingPublish> settled = new ArrayList<>(this.pending.headMap(deliveryTag, true).values());
			settled.forEach(this::forget);
			execute(() -> settled.forEach((publish) -> complete(publish, ack)));
		}
		else {
			PendingPublish publish = this.pending.get(deliveryTag);
			if (publish != null) {
				settle(publish, ack);
			}
		}
	}

	private void settle(PendingPublish publish, boolean ack) {
		forget(publish);
		execute(() -> complete(publish, ack));
	}

	private void execute(Runnable completion) {
		try {
			this.completions.execute(completion);
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: complete on this thread rather than leave the caller waiting.
			completion.run();
		}
	}

	private static void complete(PendingPublish publish, boolean ack) {
		PublishReceipt receipt = publish.receipt;
		if (!ack) {
			publish.future.completeExceptionally(new PublishRefusedException("The broker refused (nack) message '"
					+ receipt.messageId() + "' to exchange '" + receipt.exchange() + "' with routing key '"
					+ receipt.routingKey() + "'", receipt.exchange(), receipt.routingKey()));
		}
		else if (publish.returnedText != null) {
			publish.future.completeExceptionally(new UnroutableMessageException(receipt.exchange(),
					receipt.routingKey(), publish.returnedText));
		}
		else {
			publish.future.complete(receipt);
		}
	}

	@Override
	public void handleReturn(int replyCode, String replyText, String exchange, String routingKey,
			AMQP.BasicProperties properties, byte[] body) {
		// The broker sends basic.return before the basic.ack of the same message, so marking it here is enough.
		PendingPublish publish = (properties.getMessageId() != null)
				? this.mandatoryByMessageId.get(properties.getMessageId()) : null;
		if (publish != null) {
			publish.returnedText = replyCode + " " + replyText;
		}
	}

	@Override
	public void shutdownCompleted(ShutdownSignalException cause) {
		List<PendingPublish> unconfirmed = new ArrayList<>(this.pending.values());
		unconfirmed.forEach(this::forget);
		this.lossHandler.channelLost(this, unconfirmed, cause);
	}

	static PublishException lost(PendingPublish publish, Throwable cause) {
		PublishReceipt receipt = publish.receipt;
		return new PublishException("The channel closed before the broker confirmed message '" + receipt.messageId()
				+ "' to exchange '" + receipt.exchange() + "' with routing key '" + receipt.routingKey()
				+ "'; it may or may not have been stored: " + cause.getMessage(), receipt.exchange(),
				receipt.routingKey(), cause);
	}

	/**
	 * The RabbitMQ client refused to send a message: it is about the message, not the channel or the broker.
	 */
	static final class RefusedException extends Exception {

		RefusedException(RuntimeException cause) {
			super(cause.getMessage(), cause);
		}

	}

	/**
	 * Told when the channel closes with publishes still waiting for their confirms.
	 */
	@FunctionalInterface
	interface ChannelLossHandler {

		void channelLost(ConfirmTracker tracker, List<PendingPublish> unconfirmed, ShutdownSignalException cause);

	}

}
