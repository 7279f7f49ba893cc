package io.mmate.publish;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.mmate.PublishException;
import io.mmate.PublishReceipt;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.RabbitUtils;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * One long-lived channel in confirm mode that every publish goes through. Confirms are tracked by publish sequence
 * number, so one broker ack may complete many futures. When the channel or its connection closes, every publish still
 * waiting for its confirm fails, and the next publish opens a new channel.
 *
 * <p>Keeping one channel avoids a channel checkout per message and the broker-side work of opening and closing
 * channels while confirms are pending.
 */
public class PublisherChannel implements AutoCloseable {

	private final ConnectionFactory connectionFactory;

	private final Executor completions;

	private ConfirmTracker tracker;

	private final ExecutorService ownedCompletions;

	/**
	 * Create a publisher channel that completes futures on a thread of its own; nothing is opened until the first
	 * publish.
	 * @param connectionFactory the connection factory
	 */
	public PublisherChannel(ConnectionFactory connectionFactory) {
		this(connectionFactory, Executors.newSingleThreadExecutor(daemonThreads()));
	}

	private static CustomizableThreadFactory daemonThreads() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("mmate-confirms-");
		threads.setDaemon(true);
		return threads;
	}

	private PublisherChannel(ConnectionFactory connectionFactory, ExecutorService completions) {
		this.connectionFactory = connectionFactory;
		this.completions = completions;
		this.ownedCompletions = completions;
	}

	/**
	 * Publish one message and track its confirm.
	 * @param exchange the exchange
	 * @param routingKey the routing key
	 * @param mandatory whether the broker must return the message when no queue is bound
	 * @param properties the AMQP properties; {@code messageId} must be set
	 * @param body the body
	 * @param confirmTimeout how long to wait for the confirm
	 * @return completes on the broker's ack
	 */
	public CompletableFuture<PublishReceipt> publish(String exchange, String routingKey, boolean mandatory,
			AMQP.BasicProperties properties, byte[] body, Duration confirmTimeout) {
		PendingPublish publish = new PendingPublish(new PublishReceipt(properties.getMessageId(), exchange,
				routingKey), mandatory);
		try {
			send(publish, properties, body);
		}
		catch (IOException | RuntimeException ex) {
			return CompletableFuture.failedFuture(new PublishException("Could not publish to exchange '" + exchange
					+ "' with routing key '" + routingKey + "': " + ex.getMessage(), exchange, routingKey, ex));
		}
		return publish.future.orTimeout(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS)
			.exceptionallyCompose((ex) -> timedOut(publish, ex, confirmTimeout));
	}

	private synchronized void send(PendingPublish publish, AMQP.BasicProperties properties, byte[] body)
			throws IOException {
		ConfirmTracker tracker = openTracker();
		tracker.track(publish);
		try {
			tracker.channel().basicPublish(publish.receipt.exchange(), publish.receipt.routingKey(),
					publish.mandatory, properties, body);
		}
		catch (IOException | RuntimeException ex) {
			tracker.forget(publish);
			throw ex;
		}
	}

	private ConfirmTracker openTracker() throws IOException {
		if (this.tracker == null || !this.tracker.channel().isOpen()) {
			Channel channel = this.connectionFactory.createConnection().createChannel(false);
			this.tracker = new ConfirmTracker(channel, this.completions);
		}
		return this.tracker;
	}

	private CompletableFuture<PublishReceipt> timedOut(PendingPublish publish, Throwable ex, Duration timeout) {
		if (ex instanceof TimeoutException) {
			ConfirmTracker tracker = currentTracker();
			if (tracker != null) {
				tracker.forget(publish);
			}
			PublishReceipt receipt = publish.receipt;
			ex = new PublishException("No confirm from the broker within " + timeout + " for message '"
					+ receipt.messageId() + "' to exchange '" + receipt.exchange() + "' with routing key '"
					+ receipt.routingKey() + "' (mmate.publisher.confirm-timeout)", receipt.exchange(),
					receipt.routingKey(), ex);
		}
		return CompletableFuture.failedFuture(ex);
	}

	private synchronized ConfirmTracker currentTracker() {
		return this.tracker;
	}

	/**
	 * Close the channel and the completion thread; publishes still waiting for a confirm fail.
	 */
	@Override
	public synchronized void close() {
		if (this.tracker != null && this.tracker.channel().isOpen()) {
			// Close for real rather than return a confirm-mode channel with our listeners to the cache.
			RabbitUtils.setPhysicalCloseRequired(this.tracker.channel(), true);
			RabbitUtils.closeChannel(this.tracker.channel());
		}
		this.tracker = null;
		this.ownedCompletions.shutdown();
	}

}
