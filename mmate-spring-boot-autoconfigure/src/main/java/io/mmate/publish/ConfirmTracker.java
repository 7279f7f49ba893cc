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

	private final Executor acks;

	private final ChannelLossHandler lossHandler;

	private final ConcurrentNavigableMap<Long, PendingPublish> pending = new ConcurrentSkipListMap<>();

	private final Map<String, PendingPublish> mandatoryByMessageId = new ConcurrentHashMap<>();

	private volatile boolean retired;

	/**
	 * Track a channel's publishes, completing their futures on the given executor.
	 * @param channel the channel, put in confirm mode here
	 * @param completions where futures complete
	 * @param lossHandler told when the channel closes
	 * @throws IOException if the channel could not be put in confirm mode
	 */
	ConfirmTracker(Channel channel, Executor completions, ChannelLossHandler lossHandler) throws IOException {
		this(channel, completions, completions, lossHandler);
	}

	/**
	 * Track a channel's publishes, completing the futures of those the broker acknowledged and did not return on one
	 * executor and the others on another.
	 * @param channel the channel, put in confirm mode here
	 * @param completions where futures complete with a failure
	 * @param acks where futures complete with their receipt: {@code Runnable::run} completes them on the connection's
	 * thread, for publishes whose futures have nothing chained that could block
	 * @param lossHandler told when the channel closes
	 * @throws IOException if the channel could not be put in confirm mode
	 */
	ConfirmTracker(Channel channel, Executor completions, Executor acks, ChannelLossHandler lossHandler)
			throws IOException {
		this.channel = channel;
		this.target = ChannelTargets.target(channel);
		this.completions = completions;
		this.acks = acks;
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

	/**
	 * Stop tracking a publish.
	 * @param publish the publish
	 * @return whether it was tracked: {@code false} when another thread settled it first
	 */
	boolean forget(PendingPublish publish) {
		this.mandatoryByMessageId.remove(publish.receipt.messageId(), publish);
		return this.pending.remove(publish.sequence, publish);
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
			if (forget(publish)) {
				overdue.add(publish);
			}
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
			// One completion task for all the messages one confirm settles, and one for those of them that fail.
			List<PendingPublish> succeeded = new ArrayList<>();
			List<PendingPublish> failed = new ArrayList<>();
			for (PendingPublish publish : this.pending.headMap(deliveryTag, true).values()) {
				if (forget(publish)) {
					(succeeds(publish, ack) ? succeeded : failed).add(publish);
				}
			}
			if (!succeeded.isEmpty()) {
				execute(this.acks, () -> succeeded.forEach((publish) -> complete(publish, true)));
			}
			if (!failed.isEmpty()) {
				execute(this.completions, () -> failed.forEach((publish) -> complete(publish, ack)));
			}
		}
		else {
			PendingPublish publish = this.pending.get(deliveryTag);
			// Settled once: the sweep for overdue confirms may have failed it meanwhile.
			if (publish != null && forget(publish)) {
				execute(succeeds(publish, ack) ? this.acks : this.completions, () -> complete(publish, ack));
			}
		}
	}

	// A returned message is marked before its ack arrives, on this same thread (see handleReturn).
	private static boolean succeeds(PendingPublish publish, boolean ack) {
		return ack && publish.returnedText == null;
	}

	private static void execute(Executor executor, Runnable completion) {
		try {
			executor.execute(completion);
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
		unconfirmed.removeIf((publish) -> !forget(publish));
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
