package io.mmate.deadletter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import io.mmate.publish.PublisherChannel;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * What an operator does with the dead-letter queue {@code dlq.{queue}} of a service queue: list its messages without
 * removing them, replay them to the queue they failed on with a fresh attempt count, or purge it.
 *
 * <p>Each call works on a channel of its own. A listing fetches messages without acknowledging them and puts them all
 * back, marked redelivered; while it runs, those messages are invisible to other readers of the dead-letter queue. A
 * replay removes a dead letter only after the broker has confirmed its copy, so a failure or crash in between leaves
 * it in the dead-letter queue (and may, at worst, leave a duplicate there), never loses it.
 */
public class DeadLetterOperations {

	/** Most messages one page may hold. */
	public static final int MAX_LIMIT = 100;

	/** Deepest message a page may reach ({@code offset + limit}), since every skipped message is fetched too. */
	public static final int MAX_DEPTH = 10_000;

	private final ConnectionFactory connectionFactory;

	private final PublisherChannel publisher;

	private final Duration confirmTimeout;

	/**
	 * Create the operations.
	 * @param connectionFactory the connection factory for the dead-letter channels
	 * @param publisher the confirming channel that replays go through
	 * @param confirmTimeout how long a replay waits for the broker's confirm
	 */
	public DeadLetterOperations(ConnectionFactory connectionFactory, PublisherChannel publisher,
			Duration confirmTimeout) {
		this.connectionFactory = connectionFactory;
		this.publisher = publisher;
		this.confirmTimeout = confirmTimeout;
	}

	/**
	 * List a page of the dead letters of a service queue, oldest first, leaving them all in the dead-letter queue.
	 * @param queue the service queue
	 * @param offset how many messages to skip, at least 0
	 * @param limit the most messages to return, 1 to {@value #MAX_LIMIT}
	 * @return the page
	 * @throws DeadLetterRequestException if the queue has no dead-letter queue or the page is out of range
	 */
	public DeadLetterPage list(String queue, int offset, int limit) {
		checkPage(offset, limit);
		try (DeadLetterChannel channel = DeadLetterChannel.open(this.connectionFactory, queue)) {
			List<DeadLetterView> messages = new ArrayList<>();
			for (int position = 0; position < offset + limit; position++) {
				GetResponse response = channel.next();
				if (response == null) {
					break;
				}
				if (position >= offset) {
					messages.add(DeadLetterView.of(response));
				}
			}
			return new DeadLetterPage(queue, channel.deadLetterQueue(), channel.readyAtOpen(), offset, limit,
					messages);
		}
	}

	/**
	 * Replay the dead letter with a message id: the first one found, if the id is there more than once.
	 * @param queue the service queue
	 * @param messageId the message id
	 * @return the outcome, with the message either replayed or failed
	 * @throws DeadLetterRequestException if the queue has no dead-letter queue or no ready message has the id
	 */
	public ReplayResult replay(String queue, String messageId) {
		if (messageId == null || messageId.isBlank()) {
			throw new DeadLetterRequestException("The message id to replay must not be empty");
		}
		try (DeadLetterChannel channel = DeadLetterChannel.open(this.connectionFactory, queue)) {
			ReplayOutcome outcome = new ReplayOutcome();
			// Bounded by what was there at the start: a message failing again meanwhile is not looked at twice.
			for (long scanned = 0; scanned < channel.readyAtOpen(); scanned++) {
				GetResponse response = channel.next();
				if (response == null) {
					break;
				}
				if (messageId.equals(response.getProps().getMessageId())) {
					replay(channel, response, outcome);
					return outcome.result(channel);
				}
			}
			throw new DeadLetterRequestException(
					"No message with id '" + messageId + "' is ready in '" + channel.deadLetterQueue() + "'");
		}
	}

	/**
	 * Replay the oldest dead letters of a service queue, one by one, stopping at the first that fails.
	 * @param queue the service queue
	 * @param max the most messages to replay, at least 1
	 * @return the outcome
	 * @throws DeadLetterRequestException if the queue has no dead-letter queue
	 */
	public ReplayResult replayAll(String queue, int max) {
		if (max < 1) {
			throw new DeadLetterRequestException("The number of messages to replay must be at least 1, not " + max);
		}
		try (DeadLetterChannel channel = DeadLetterChannel.open(this.connectionFactory, queue)) {
			ReplayOutcome outcome = new ReplayOutcome();
			long count = Math.min(max, channel.readyAtOpen());
			for (long i = 0; i < count && outcome.failed.isEmpty(); i++) {
				GetResponse response = channel.next();
				if (response == null) {
					break;
				}
				replay(channel, response, outcome);
			}
			return outcome.result(channel);
		}
	}

	/**
	 * Delete every message ready in the dead-letter queue of a service queue.
	 * @param queue the service queue
	 * @return the outcome
	 * @throws DeadLetterRequestException if the queue has no dead-letter queue
	 */
	public PurgeResult purge(String queue) {
		try (DeadLetterChannel channel = DeadLetterChannel.open(this.connectionFactory, queue)) {
			return new PurgeResult(queue, channel.deadLetterQueue(), channel.purge());
		}
	}

	private void replay(DeadLetterChannel channel, GetResponse response, ReplayOutcome outcome) {
		AMQP.BasicProperties copy = ReplayCopy.properties(response.getProps());
		String target = ReplayCopy.targetQueue(response.getProps(), channel.queue());
		try {
			// The default exchange routes by queue name; mandatory, so a deleted queue fails the publish.
			this.publisher.publish("", target, true, copy, response.getBody(), this.confirmTimeout).join();
		}
		catch (CompletionException | CancellationException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			outcome.failed.add(new ReplayResult.Failure(copy.getMessageId(), cause.getMessage()));
			return;
		}
		channel.remove(response);
		outcome.replayed.add(copy.getMessageId());
	}

	private static void checkPage(int offset, int limit) {
		if (offset < 0 || limit < 1 || limit > MAX_LIMIT || (long) offset + limit > MAX_DEPTH) {
			throw new DeadLetterRequestException("Invalid page offset=" + offset + ", limit=" + limit
					+ ": the offset must be at least 0, the limit 1 to " + MAX_LIMIT + ", and offset + limit at most "
					+ MAX_DEPTH);
		}
	}

	private static final class ReplayOutcome {

		private final List<String> replayed = new ArrayList<>();

		private final List<ReplayResult.Failure> failed = new ArrayList<>();

		ReplayResult result(DeadLetterChannel channel) {
			return new ReplayResult(channel.queue(), channel.deadLetterQueue(), this.replayed, this.failed);
		}

	}

}
