package io.mmate.publish;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import io.mmate.PublishException;
import io.mmate.PublishReceipt;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.RabbitUtils;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * One long-lived channel in confirm mode that every publish goes through. Confirms are tracked by publish sequence
 * number, so one broker ack may complete many futures.
 *
 * <p>When the broker cannot be reached, publishes wait for the connection to come back, up to the recovery timeout,
 * and are then sent in their original order; publishes whose channel was lost before their confirm are sent again
 * (the broker may then hold them twice, never zero times). Once the broker has been unreachable for longer than the
 * recovery timeout, new publishes fail at once until a reconnect succeeds, instead of each waiting the full bound.
 */
public class PublisherChannel implements PublishSink, AutoCloseable {

	private static final Log logger = LogFactory.getLog(PublisherChannel.class);

	private static final long MAX_RECOVERY_INTERVAL_MILLIS = 1000;

	private static final long SWEEP_MILLIS = 100;

	private final ConnectionFactory connectionFactory;

	private final Duration recoveryTimeout;

	private final ExecutorService completions;

	private final ScheduledExecutorService recoveries;

	private final Deque<PendingPublish> waiting = new ArrayDeque<>();

	private ConfirmTracker tracker;

	private long outageStartedNanos = -1;

	private long recoveryIntervalMillis;

	private boolean recoveryScheduled;

	private boolean closed;

	/**
	 * Create a publisher channel; nothing is opened until the first publish.
	 * @param connectionFactory the connection factory
	 * @param recoveryTimeout how long publishes wait for an unreachable broker; zero to fail them at once
	 */
	public PublisherChannel(ConnectionFactory connectionFactory, Duration recoveryTimeout) {
		this.connectionFactory = connectionFactory;
		this.recoveryTimeout = recoveryTimeout;
		this.completions = Executors.newSingleThreadExecutor(daemonThreads("mmate-confirms-"));
		this.recoveries = Executors.newSingleThreadScheduledExecutor(daemonThreads("mmate-publisher-recovery-"));
		// One sweep for every timeout, rather than a timer per message.
		this.recoveries.scheduleWithFixedDelay(this::expireOverdue, SWEEP_MILLIS, SWEEP_MILLIS,
				TimeUnit.MILLISECONDS);
	}

	private static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		threads.setDaemon(true);
		return threads;
	}

	/**
	 * Publish one message and track its confirm.
	 * @param exchange the exchange
	 * @param routingKey the routing key
	 * @param mandatory whether the broker must return the message when no queue is bound
	 * @param properties the AMQP properties; {@code messageId} must be set
	 * @param body the body
	 * @param confirmTimeout how long to wait for the confirm once sent
	 * @return completes on the broker's ack
	 */
	@Override
	public CompletableFuture<PublishReceipt> publish(String exchange, String routingKey, boolean mandatory,
			AMQP.BasicProperties properties, byte[] body, Duration confirmTimeout) {
		PendingPublish publish = new PendingPublish(new PublishReceipt(properties.getMessageId(), exchange,
				routingKey), mandatory, properties, body, confirmTimeout.toNanos());
		synchronized (this) {
			if (this.closed) {
				return CompletableFuture.failedFuture(failure(publish, "the publisher is closed", null));
			}
			if (this.outageStartedNanos >= 0 && outage().compareTo(this.recoveryTimeout) > 0) {
				return CompletableFuture.failedFuture(failure(publish, "RabbitMQ has been unreachable for "
						+ outage().toSeconds() + " s, longer than mmate.publisher.recovery-timeout ("
						+ this.recoveryTimeout + "); failing fast until the connection is back", null));
			}
			if (this.outageStartedNanos >= 0 || !this.waiting.isEmpty()) {
				this.waiting.addLast(publish);
			}
			else {
				sendOrWait(publish);
			}
		}
		return publish.future;
	}

	// Called with the lock held.
	private void sendOrWait(PendingPublish publish) {
		try {
			openTracker().send(publish);
		}
		catch (Exception ex) {
			if (this.recoveryTimeout.isZero()) {
				publish.future.completeExceptionally(failure(publish, ex.getMessage(), ex));
				return;
			}
			startOutage(ex);
			this.waiting.addLast(publish);
		}
	}

	private ConfirmTracker openTracker() throws Exception {
		if (this.tracker == null || !this.tracker.channel().isOpen()) {
			Channel channel = this.connectionFactory.createConnection().createChannel(false);
			this.tracker = new ConfirmTracker(channel, this.completions, this::channelLost);
		}
		return this.tracker;
	}

	private void channelLost(ConfirmTracker lost, List<PendingPublish> unconfirmed, ShutdownSignalException cause) {
		synchronized (this) {
			// A channel error (such as a missing exchange) is about these messages, not the connection: resending
			// them would only close the next channel too.
			// Closed by this application (shutting down): nothing will come back to resend on.
			if (this.closed || this.recoveryTimeout.isZero() || !cause.isHardError()
					|| cause.isInitiatedByApplication()) {
				unconfirmed.forEach((publish) -> fail(publish, ConfirmTracker.lost(publish, cause)));
				return;
			}
			if (!unconfirmed.isEmpty()) {
				logger.warn("Publisher channel lost with " + unconfirmed.size() + " unconfirmed message(s); "
						+ "sending them again once the broker is reachable: " + cause.getMessage());
			}
			// They were sent before anything still waiting, so they go first, in their original order.
			for (int i = unconfirmed.size() - 1; i >= 0; i--) {
				this.waiting.addFirst(unconfirmed.get(i));
			}
			startOutage(cause);
		}
	}

	// Called with the lock held.
	private void startOutage(Exception cause) {
		if (this.outageStartedNanos < 0) {
			this.outageStartedNanos = System.nanoTime();
			this.recoveryIntervalMillis = 50;
			logger.warn("RabbitMQ is not reachable for publishing; publishes wait up to " + this.recoveryTimeout
					+ " for it: " + cause.getMessage());
		}
		scheduleRecovery();
	}

	// Called with the lock held.
	private void scheduleRecovery() {
		if (!this.recoveryScheduled && !this.closed) {
			this.recoveryScheduled = true;
			this.recoveries.schedule(this::recover, this.recoveryIntervalMillis, TimeUnit.MILLISECONDS);
			this.recoveryIntervalMillis = Math.min(this.recoveryIntervalMillis * 2, MAX_RECOVERY_INTERVAL_MILLIS);
		}
	}

	private void recover() {
		Channel channel;
		try {
			// Connecting may take a while: do it without the lock, so that publishers are not held up.
			channel = this.connectionFactory.createConnection().createChannel(false);
		}
		catch (RuntimeException ex) {
			synchronized (this) {
				this.recoveryScheduled = false;
				this.waiting.removeIf((publish) -> publish.future.isDone());
				scheduleRecovery();
			}
			return;
		}
		synchronized (this) {
			this.recoveryScheduled = false;
			try {
				this.tracker = new ConfirmTracker(channel, this.completions, this::channelLost);
				while (!this.waiting.isEmpty()) {
					PendingPublish publish = this.waiting.peekFirst();
					if (!publish.future.isDone()) {
						this.tracker.send(publish);
					}
					this.waiting.pollFirst();
				}
				logger.info("RabbitMQ is reachable again for publishing after " + outage().toMillis() + " ms");
				this.outageStartedNanos = -1;
			}
			catch (Exception ex) {
				scheduleRecovery();
			}
		}
	}

	private Duration outage() {
		return Duration.ofNanos(System.nanoTime() - this.outageStartedNanos);
	}

	private void expireOverdue() {
		long now = System.nanoTime();
		List<PendingPublish> unconfirmed = List.of();
		List<PendingPublish> unsent = new ArrayList<>();
		synchronized (this) {
			if (this.tracker != null) {
				unconfirmed = this.tracker.overdue(now);
			}
			while (!this.waiting.isEmpty()
					&& now - this.waiting.peekFirst().createdNanos >= this.recoveryTimeout.toNanos()) {
				unsent.add(this.waiting.pollFirst());
			}
		}
		for (PendingPublish publish : unconfirmed) {
			fail(publish, failure(publish, "no confirm from the broker within "
					+ Duration.ofNanos(publish.confirmTimeoutNanos) + " (mmate.publisher.confirm-timeout)", null));
		}
		for (PendingPublish publish : unsent) {
			fail(publish, failure(publish, "RabbitMQ was not reachable within " + this.recoveryTimeout
					+ " (mmate.publisher.recovery-timeout)", null));
		}
	}

	private void fail(PendingPublish publish, PublishException failure) {
		try {
			this.completions.execute(() -> publish.future.completeExceptionally(failure));
		}
		catch (RejectedExecutionException ex) {
			publish.future.completeExceptionally(failure);
		}
	}

	private static PublishException failure(PendingPublish publish, String reason, Throwable cause) {
		PublishReceipt receipt = publish.receipt;
		return new PublishException("Could not publish message '" + receipt.messageId() + "' to exchange '"
				+ receipt.exchange() + "' with routing key '" + receipt.routingKey() + "': " + reason,
				receipt.exchange(), receipt.routingKey(), cause);
	}

	/**
	 * Close the channel and the threads; publishes still waiting fail.
	 */
	@Override
	public void close() {
		ConfirmTracker last;
		synchronized (this) {
			this.closed = true;
			this.waiting.forEach((publish) -> fail(publish,
					failure(publish, "the publisher closed before it was sent", null)));
			this.waiting.clear();
			last = this.tracker;
			this.tracker = null;
		}
		if (last != null && last.channel().isOpen()) {
			// Close for real rather than return a confirm-mode channel with our listeners to the cache.
			RabbitUtils.setPhysicalCloseRequired(last.channel(), true);
			RabbitUtils.closeChannel(last.channel());
		}
		this.recoveries.shutdownNow();
		this.completions.shutdown();
	}

}
