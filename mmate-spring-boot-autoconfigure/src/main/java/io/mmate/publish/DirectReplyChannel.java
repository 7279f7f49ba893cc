package io.mmate.publish;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ReturnListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.mmate.PublishException;
import io.mmate.PublishReceipt;
import io.mmate.UnroutableMessageException;
import io.mmate.connection.ClientCharsetPropertiesConverter;
import io.mmate.envelope.BoundedText;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.RabbitUtils;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * One channel that consumes RabbitMQ's direct reply-to pseudo-queue ({@value #PSEUDO_QUEUE}) and publishes the
 * requests whose replies come back on it: the broker only routes a reply to the channel whose consumer the request's
 * address names, so requests and replies must share it.
 *
 * <p>The address is {@code amq.rabbitmq.reply-to.} and a token the broker chooses for the channel's consumer. The
 * broker writes it into the AMQP {@code reply-to} property of a message published with {@value #PSEUDO_QUEUE}
 * there, but Mmate's responders read the address from the body, which the broker leaves alone: so the channel learns
 * its address once, when it opens, from a probe the broker returns to it as unroutable, and requests carry it in the
 * body like any queue name.
 *
 * <p>By default the channel is in confirm mode, as the publisher's own: a request that the broker cannot route,
 * refuses, or does not confirm in time fails at once ({@link Confirms} says on which thread an acknowledgement
 * completes a request's publish). Without confirms, a request is known to have arrived by its reply: a request the
 * broker cannot route still fails at once, through the {@code returned} callback, and one the broker drops ends by
 * the request's timeout. When the channel closes, the replies still on their way to it are lost:
 * the {@code lost} callback is told its address, and the next {@link #address()} opens a new channel with a new
 * address.
 */
public final class DirectReplyChannel implements PublishSink, AutoCloseable {

	/** The pseudo-queue consumed for replies, and the reply address a request names to be rewritten by the broker. */
	public static final String PSEUDO_QUEUE = "amq.rabbitmq.reply-to";

	private static final Log logger = LogFactory.getLog(DirectReplyChannel.class);

	private static final long SWEEP_MILLIS = 100;

	// What a failure message quotes of an id, exchange or routing key: the full value may be long.
	private static final int NAME_CHARS = 300;

	private final ConnectionFactory connectionFactory;

	private final Consumer<Message> replies;

	private final BiConsumer<String, ShutdownSignalException> lost;

	private final BiConsumer<String, UnroutableMessageException> returned;

	private final Confirms confirms;

	private final Duration openTimeout;

	private final MessagePropertiesConverter converter = new ClientCharsetPropertiesConverter();

	private final ExecutorService completions;

	private final ScheduledExecutorService sweeper;

	// RabbitMQ's frame_max unless configured otherwise, until a connection tells.
	private volatile int frameMax = 131_072;

	// Cleared without the lock by the connection's thread when the channel closes: a request opening a channel holds
	// the lock while it waits for that thread.
	private final AtomicReference<Session> session = new AtomicReference<>();

	private volatile boolean closed;

	/**
	 * Create the channel; nothing is opened until the first {@link #address()}.
	 * @param connectionFactory the connection factory
	 * @param replies takes each reply, on the connection's consumer thread
	 * @param lost told the address of a channel that closed, and why, after its unconfirmed publishes failed; off the
	 * connection's thread
	 * @param returned without confirms, told the correlation id of each request the broker returns as unroutable, off
	 * the connection's thread; with confirms, such a request's publish fails instead
	 * @param openTimeout how long opening the channel may wait for the broker to return the probe
	 * @param confirms whether requests are published in confirm mode, their futures completing on the broker's
	 * confirm, or without, their futures completing once written
	 */
	public DirectReplyChannel(ConnectionFactory connectionFactory, Consumer<Message> replies,
			BiConsumer<String, ShutdownSignalException> lost, BiConsumer<String, UnroutableMessageException> returned,
			Duration openTimeout, Confirms confirms) {
		this.connectionFactory = connectionFactory;
		this.replies = replies;
		this.lost = lost;
		this.returned = returned;
		this.openTimeout = openTimeout;
		this.confirms = confirms;
		this.completions = Executors.newSingleThreadExecutor(daemonThreads("mmate-direct-reply-confirms-"));
		this.sweeper = Executors.newSingleThreadScheduledExecutor(daemonThreads("mmate-direct-reply-sweep-"));
		this.sweeper.scheduleWithFixedDelay(this::expireOverdue, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
	}

	private static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		threads.setDaemon(true);
		return threads;
	}

	/**
	 * The address replies to requests published now must be sent to, opening the channel when none is open.
	 * @return {@code amq.rabbitmq.reply-to.} and the channel's token
	 * @throws IllegalStateException if the channel is closed for good or could not be opened
	 * @throws org.springframework.amqp.AmqpException if the broker cannot be reached
	 */
	public synchronized String address() {
		if (this.closed) {
			throw new IllegalStateException("The direct reply-to channel is closed");
		}
		Session current = this.session.get();
		if (current == null || !current.target.isOpen()) {
			current = open();
			this.session.set(current);
		}
		return current.address;
	}

	/**
	 * The address of the open channel, without opening one.
	 * @return the address, or {@code null} when no channel is open
	 */
	public @Nullable String currentAddress() {
		Session current = this.session.get();
		return (current != null) ? current.address : null;
	}

	// Called with the lock held.
	private Session open() {
		Channel channel = this.connectionFactory.createConnection().createChannel(false);
		// Consumed and probed on the client's channel itself, which the cache must not hand out again or replace.
		Channel target = ChannelTargets.target(channel);
		try {
			target.basicConsume(PSEUDO_QUEUE, true, new Replies(target));
			String address = probe(target);
			Session opened = new Session(channel, target, address);
			if (this.confirms != Confirms.NONE) {
				Executor acks = (this.confirms == Confirms.ACKS_ON_CONNECTION_THREAD) ? Runnable::run
						: this.completions;
				opened.tracker = new ConfirmTracker(channel, this.completions, acks,
						(tracker, unconfirmed, cause) -> channelLost(opened, unconfirmed, cause));
			}
			else {
				// Added after the probe, whose return is the probe's own.
				target.addReturnListener(this::requestReturned);
				target.addShutdownListener((cause) -> channelLost(opened, List.of(), cause));
			}
			this.frameMax = target.getConnection().getFrameMax();
			return opened;
		}
		catch (IOException | RuntimeException ex) {
			closePhysically(channel);
			throw new IllegalStateException("Could not open a channel consuming '" + PSEUDO_QUEUE
					+ "' for direct reply-to (mmate.requests.reply-to=direct): " + ex.getMessage(), ex);
		}
	}

	// A message to a queue that cannot exist comes back unroutable, its reply-to rewritten by the broker.
	private String probe(Channel channel) throws IOException {
		String probeId = "mmate-direct-reply-probe-" + UUID.randomUUID();
		CompletableFuture<String> address = new CompletableFuture<>();
		ReturnListener returned = (replyCode, replyText, exchange, routingKey, properties, body) -> {
			if (probeId.equals(properties.getMessageId())) {
				address.complete(properties.getReplyTo());
			}
		};
		channel.addReturnListener(returned);
		try {
			channel.basicPublish("", probeId, true,
					new AMQP.BasicProperties.Builder().messageId(probeId).replyTo(PSEUDO_QUEUE).build(), new byte[0]);
			String rewritten = address.get(this.openTimeout.toMillis(), TimeUnit.MILLISECONDS);
			if (rewritten == null || !rewritten.startsWith(PSEUDO_QUEUE + ".")) {
				throw new IllegalStateException("the broker did not rewrite the reply address '" + PSEUDO_QUEUE
						+ "' (it returned '" + rewritten + "'): it does not support direct reply-to");
			}
			return rewritten;
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("the broker did not return the probe within " + this.openTimeout, ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause().getMessage(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for the probe", ex);
		}
		finally {
			channel.removeReturnListener(returned);
		}
	}

	/**
	 * Whether requests are published in confirm mode, their futures completing on the broker's confirm.
	 * @return {@code false} when they complete once written
	 */
	@Override
	public boolean confirms() {
		return this.confirms != Confirms.NONE;
	}

	// On the connection's thread.
	private void requestReturned(int replyCode, String replyText, String exchange, String routingKey,
			AMQP.BasicProperties properties, byte[] body) {
		String correlationId = properties.getCorrelationId();
		if (correlationId != null) {
			UnroutableMessageException unroutable = new UnroutableMessageException(exchange, routingKey,
					replyCode + " " + replyText);
			offConnectionThread(() -> this.returned.accept(correlationId, unroutable));
		}
	}

	// The callbacks fail requests, which runs the application's own callbacks: not on the connection's thread, which
	// would stop reading for every channel meanwhile. In order, on the thread that fails publishes.
	private void offConnectionThread(Runnable callback) {
		try {
			this.completions.execute(callback);
		}
		catch (RejectedExecutionException ex) {
			// Closed for good: nothing else runs on that thread any more.
			callback.run();
		}
	}

	/**
	 * Publish a request on the channel whose address it names in its AMQP {@code reply-to} property, and track its
	 * confirm, if the channel is in confirm mode. A request naming an address of a channel that has closed in the
	 * meantime fails at once: its reply could not reach this application any more.
	 */
	@Override
	public CompletableFuture<PublishReceipt> publish(String exchange, String routingKey, boolean mandatory,
			AMQP.BasicProperties properties, byte[] body, Duration confirmTimeout) {
		PendingPublish publish = new PendingPublish(new PublishReceipt(properties.getMessageId(), exchange,
				routingKey), mandatory, properties, body, confirmTimeout.toNanos());
		String refused = PublishLimits.problem(exchange, routingKey, properties, this.frameMax);
		if (refused != null) {
			return CompletableFuture.failedFuture(failure(publish, refused, null));
		}
		Session current;
		synchronized (this) {
			current = this.session.get();
			if (current == null || !current.address.equals(properties.getReplyTo())) {
				return CompletableFuture.failedFuture(failure(publish, "the direct reply-to channel of its reply "
						+ "address '" + BoundedText.of(String.valueOf(properties.getReplyTo()), NAME_CHARS)
						+ "' has closed, so its reply could not arrive", null));
			}
			try {
				if (current.tracker == null) {
					current.target.basicPublish(exchange, routingKey, mandatory, properties, body);
					return CompletableFuture.completedFuture(publish.receipt);
				}
				current.tracker.send(publish);
				return publish.future;
			}
			catch (ConfirmTracker.RefusedException ex) {
				publish.future.completeExceptionally(failure(publish, ex.getMessage(), ex.getCause()));
			}
			catch (IOException | RuntimeException ex) {
				return CompletableFuture.failedFuture(failure(publish, ex.getMessage(), ex));
			}
		}
		// The client refused the message after counting it for confirms: the channel's confirms are off by one now.
		closePhysically(current.channel);
		return publish.future;
	}

	// On the connection's thread: takes no lock.
	private void channelLost(Session lostSession, List<PendingPublish> unconfirmed, ShutdownSignalException cause) {
		this.session.compareAndSet(lostSession, null);
		for (PendingPublish publish : unconfirmed) {
			fail(publish, ConfirmTracker.lost(publish, cause));
		}
		if (!this.closed) {
			logger.warn("The direct reply-to channel '" + lostSession.address + "' closed; replies on their way to "
					+ "it are lost: " + cause.getMessage());
		}
		offConnectionThread(() -> this.lost.accept(lostSession.address, cause));
	}

	private void expireOverdue() {
		Session current = this.session.get();
		ConfirmTracker tracker = (current != null) ? current.tracker : null;
		if (tracker != null) {
			for (PendingPublish publish : tracker.overdue(System.nanoTime())) {
				fail(publish, failure(publish, "no confirm from the broker within "
						+ Duration.ofNanos(publish.confirmTimeoutNanos) + " (mmate.publisher.confirm-timeout)", null));
			}
		}
	}

	private void fail(PendingPublish publish, PublishException failure) {
		publish.fail(this.completions, failure);
	}

	private static PublishException failure(PendingPublish publish, String reason, Throwable cause) {
		PublishReceipt receipt = publish.receipt;
		return new PublishException("Could not publish request '" + BoundedText.of(receipt.messageId(), NAME_CHARS)
				+ "' to exchange '" + BoundedText.of(receipt.exchange(), NAME_CHARS) + "' with routing key '"
				+ BoundedText.of(receipt.routingKey(), NAME_CHARS) + "': " + reason, receipt.exchange(),
				receipt.routingKey(), cause);
	}

	private static void closePhysically(Channel channel) {
		// Close for real rather than return a consuming, confirm-mode channel to the cache.
		RabbitUtils.setPhysicalCloseRequired(channel, true);
		RabbitUtils.closeChannel(channel);
	}

	/**
	 * Close the channel for good; requests waiting for replies on it are told through the {@code lost} callback.
	 */
	@Override
	public void close() {
		Session open;
		synchronized (this) {
			// With the lock: a channel being opened now is seen here once it is.
			this.closed = true;
			open = this.session.get();
		}
		if (open != null) {
			closePhysically(open.channel);
		}
		this.sweeper.shutdownNow();
		this.completions.shutdown();
	}

	/**
	 * Whether requests are published in confirm mode, and on which thread the broker's acknowledgement completes a
	 * request's future.
	 */
	public enum Confirms {

		/**
		 * Without confirms: a request's future completes once it is written, and the request is known to have
		 * arrived by its reply.
		 */
		NONE,

		/**
		 * In confirm mode, every future completing on a thread of the channel's own, never on the connection's, as
		 * the publisher's futures do: what is chained to a future may block.
		 */
		OFF_CONNECTION_THREAD,

		/**
		 * In confirm mode, a request the broker acknowledges, and did not return, completing its future on the
		 * connection's thread, which reads the acknowledgement: this spares a thread hand-off per request. Only for
		 * publishes whose futures nothing outside the starter is chained to, neither a publish interceptor nor an
		 * observation handler. Failures still complete off that thread.
		 */
		ACKS_ON_CONNECTION_THREAD

	}

	/**
	 * An open channel and the address of its consumer.
	 */
	private static final class Session {

		final Channel channel;

		// The client's own channel, behind the cache's proxy: asked directly whether it is open, on every request.
		final Channel target;

		final String address;

		// Null when requests are published without confirms.
		volatile @Nullable ConfirmTracker tracker;

		Session(Channel channel, Channel target, String address) {
			this.channel = channel;
			this.target = target;
			this.address = address;
		}

	}

	/**
	 * Hands each reply to the callback as a Spring AMQP message, as a listener container would.
	 */
	private final class Replies extends DefaultConsumer {

		Replies(Channel channel) {
			super(channel);
		}

		@Override
		public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
				byte[] body) {
			try {
				DirectReplyChannel.this.replies.accept(new Message(body,
						DirectReplyChannel.this.converter.toMessageProperties(properties, envelope, "UTF-8")));
			}
			catch (RuntimeException ex) {
				// Thrown on the client's consumer thread, it would close the channel and lose every other reply.
				logger.warn("Could not handle a reply on the direct reply-to channel: " + ex.getMessage(), ex);
			}
		}

	}

}
