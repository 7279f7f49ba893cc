package io.mmate.publish;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import io.mmate.PublishException;
import io.mmate.PublishReceipt;
import io.mmate.envelope.BoundedText;
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

	// What a failure message quotes of an id, exchange, routing key or type: the full value may be megabytes.
	private static final int NAME_CHARS = 300;

	// RabbitMQ's frame_max unless configured otherwise, until a connection tells.
	private static final int DEFAULT_FRAME_MAX = 131_072;

	private final ConnectionFactory connectionFactory;

	private final Duration recoveryTimeout;

	private final ExecutorService completions;

	private final ScheduledExecutorService recoveries;

	private final Deque<PendingPublish> waiting = new ArrayDeque<>();

	private ConfirmTracker tracker;

	// Trackers whose channels take no more publishes, closed once their publishes are settled.
	private final List<ConfirmTracker> retired = new ArrayList<>();

	private volatile int frameMax = DEFAULT_FRAME_MAX;

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
		String refused = PublishLimits.problem(exchange, routingKey, properties, this.frameMax);
		if (refused != null) {
			// Nothing the broker or the connection did: this message alone fails, at once.
			return CompletableFuture.failedFuture(failure(publish, refused, null));
		}
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
		catch (ConfirmTracker.RefusedException ex) {
			publish.future.completeExceptionally(failure(publish, ex.getMessage(), ex.getCause()));
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

	// Called with the lock held.
	private ConfirmTracker openTracker() throws Exception {
		if (this.tracker != null && this.tracker.retired()) {
			this.retired.add(this.tracker);
			this.tracker = null;
		}
		if (this.tracker == null || !this.tracker.channel().isOpen()) {
			adopt(this.connectionFactory.createConnection().createChannel(false));
		}
		return this.tracker;
	}

	// Called with the lock held. A channel that cannot be used is closed rather than left open on the connection.
	private void adopt(Channel channel) throws IOException {
		if (this.tracker != null && this.tracker.channel().isOpen() && !this.tracker.retired()) {
			closePhysically(channel);
			return;
		}
		try {
			this.tracker = new ConfirmTracker(channel, this.completions, this::channelLost);
		}
		catch (IOException | RuntimeException ex) {
			closePhysically(channel);
			throw ex;
		}
		this.frameMax = ChannelTargets.target(channel).getConnection().getFrameMax();
	}

	/**
	 * The largest frame of the publishing connection, as last negotiated: a message's properties and headers must fit
	 * in one.
	 * @return the size in bytes, 0 for no limit; RabbitMQ's default of 131,072 until connected
	 */
	public int frameMax() {
		return this.frameMax;
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
				adopt(channel);
				while (!this.waiting.isEmpty()) {
					PendingPublish publish = this.waiting.peekFirst();
					if (!publish.future.isDone()) {
						try {
							openTracker().send(publish);
						}
						catch (ConfirmTracker.RefusedException ex) {
							fail(publish, failure(publish, ex.getMessage(), ex.getCause()));
						}
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
		List<PendingPublish> unconfirmed = new ArrayList<>();
		List<PendingPublish> unsent = new ArrayList<>();
		List<ConfirmTracker> settled = new ArrayList<>();
		synchronized (this) {
			if (this.tracker != null) {
				unconfirmed.addAll(this.tracker.overdue(now));
			}
			for (ConfirmTracker old : this.retired) {
				unconfirmed.addAll(old.overdue(now));
				if (old.idle()) {
					settled.add(old);
				}
			}
			this.retired.removeAll(settled);
			while (!this.waiting.isEmpty()
					&& now - this.waiting.peekFirst().createdNanos >= this.recoveryTimeout.toNanos()) {
				unsent.add(this.waiting.pollFirst());
			}
		}
		settled.forEach((old) -> closePhysically(old.channel()));
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
		publish.fail(this.completions, failure);
	}

	private static PublishException failure(PendingPublish publish, String reason, Throwable cause) {
		PublishReceipt receipt = publish.receipt;
		String type = (publish.properties.getType() != null)
				? " of type '" + BoundedText.of(publish.properties.getType(), NAME_CHARS) + "'" : "";
		return new PublishException("Could not publish message '" + BoundedText.of(receipt.messageId(), NAME_CHARS)
				+ "'" + type + " to exchange '" + BoundedText.of(receipt.exchange(), NAME_CHARS)
				+ "' with routing key '" + BoundedText.of(receipt.routingKey(), NAME_CHARS) + "': " + reason,
				receipt.exchange(), receipt.routingKey(), cause);
	}

	private static void closePhysically(Channel channel) {
		// Close for real rather than return a confirm-mode channel with our listeners to the cache.
		RabbitUtils.setPhysicalCloseRequired(channel, true);
		RabbitUtils.closeChannel(channel);
	}

	/**
	 * Close the channel and the threads; publishes still waiting fail.
	 */
	@Override
	public void close() {
		List<ConfirmTracker> open = new ArrayList<>();
		synchronized (this) {
			this.closed = true;
			this.waiting.forEach((publish) -> fail(publish,
					failure(publish, "the publisher closed before it was sent", null)));
			this.waiting.clear();
			open.addAll(this.retired);
			this.retired.clear();
			if (this.tracker != null) {
				open.add(this.tracker);
			}
			this.tracker = null;
		}
		open.stream().filter((tracker) -> tracker.channel().isOpen())
			.forEach((tracker) -> closePhysically(tracker.channel()));
		this.recoveries.shutdownNow();
		this.completions.shutdown();
	}

}
