package io.mmate.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import io.mmate.publish.PublisherChannel;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * What an operator does with the dead-letter queue {@code dlq.{queue}} of one of this service's queues: list its
 * messages without removing them, replay them to the queue they failed on with a fresh attempt count, or purge it.
 * Only the queues given at creation are served, so that an operator of one service cannot read or change the dead
 * letters of another.
 *
 * <p>Each call works on a channel of its own, and one call at a time per queue: a second one waits a little
 * ({@link DeadLetterLimits#busyWait()}) and then fails with a {@link DeadLetterBusyException}. A listing fetches
 * messages without acknowledging them and puts them all back, marked redelivered, before it returns; while it runs,
 * those messages are invisible to other readers of the dead-letter queue, which is why a page may reach only
 * {@link DeadLetterLimits} deep. A replay removes a dead letter only after the broker has confirmed its copy, so a
 * failure or crash in between leaves it in the dead-letter queue (and may, at worst, leave a duplicate there), never
 * loses it.
 */
public class DeadLetterOperations {

	/** Longest queue name the broker accepts, in UTF-8 bytes. */
	private static final int MAX_QUEUE_NAME = 255;

	private final ConnectionFactory connectionFactory;

	private final PublisherChannel publisher;

	private final Duration confirmTimeout;

	private final Set<String> queues;

	private final DeadLetterLimits limits;

	private final QueueLocks locks;

	/**
	 * Create the operations.
	 * @param connectionFactory the connection factory for the dead-letter channels
	 * @param publisher the confirming channel that replays go through
	 * @param confirmTimeout how long a replay waits for the broker's confirm
	 * @param queues the queues whose dead letters may be operated on: this service's
	 * @param limits how deep operations may reach into a dead-letter queue
	 */
	public DeadLetterOperations(ConnectionFactory connectionFactory, PublisherChannel publisher,
			Duration confirmTimeout, Set<String> queues, DeadLetterLimits limits) {
		this.connectionFactory = connectionFactory;
		this.publisher = publisher;
		this.confirmTimeout = confirmTimeout;
		this.queues = Set.copyOf(queues);
		this.limits = limits;
		this.locks = new QueueLocks(this.queues);
	}

	/**
	 * The limits of the operations.
	 * @return the limits
	 */
	public DeadLetterLimits limits() {
		return this.limits;
	}

	/**
	 * List a page of the dead letters of a service queue, oldest first, leaving them all in the dead-letter queue.
	 * @param queue the service queue
	 * @param offset how many messages to skip, 0 to {@link DeadLetterLimits#maxOffset()}
	 * @param limit the most messages to return, 1 to {@link DeadLetterLimits#maxPageSize()}
	 * @return the page
	 * @throws DeadLetterRequestException if the queue is not this service's, has no dead-letter queue, or the page is
	 * out of range
	 * @throws DeadLetterBusyException if another operation on the queue is still running
	 */
	public DeadLetterPage list(String queue, int offset, int limit) {
		checkQueue(queue);
		checkPage(offset, limit);
		try (QueueLocks.Held held = this.locks.acquire(queue, this.limits.busyWait());
				DeadLetterChannel channel = DeadLetterChannel.open(this.connectionFactory, queue)) {
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
	 * @throws DeadLetterRequestException if the queue is not this service's or has no dead-letter queue, or no ready
	 * message within the listable depth has the id
	 * @throws DeadLetterBusyException if another operation on the queue is still running
	 */
	public ReplayResult replay(String queue, String messageId) {
		checkQueue(queue);
		if (messageId == null || messageId.isBlank()) {
			throw new DeadLetterRequestException("The message id to replay must not be empty");
		}
		try (QueueLocks.Held held = this.locks.acquire(queue, this.limits.busyWait());
				DeadLetterChannel channel = DeadLetterChannel.open(this.connectionFactory, queue)) {
			ReplayOutcome outcome = new ReplayOutcome();
			// Bounded by what was there at the start, so that a message failing again meanwhile is not looked at
			// twice, and by how deep a listing may reach, which is where an operator finds the id.
			long depth = Math.min(channel.readyAtOpen(), this.limits.maxDepth());
			for (long scanned = 0; scanned < depth; scanned++) {
				GetResponse response = channel.next();
				if (response == null) {
					break;
				}
				if (messageId.equals(response.getProps().getMessageId())) {
					replay(channel, response, outcome);
					return outcome.result(channel);
				}
			}
			throw new DeadLetterRequestException("No message with id '" + messageId + "' is ready among the first "
					+ depth + " of '" + channel.deadLetterQueue() + "'");
		}
	}

	/**
	 * Replay the oldest dead letters of a service queue, one by one, stopping at the first that fails.
	 * @param queue the service queue
	 * @param max the most messages to replay, at least 1
	 * @return the outcome
	 * @throws DeadLetterRequestException if the queue is not this service's or has no dead-letter queue
	 * @throws DeadLetterBusyException if another operation on the queue is still running
	 */
	public ReplayResult replayAll(String queue, int max) {
		checkQueue(queue);
		if (max < 1) {
			throw new DeadLetterRequestException("The number of messages to replay must be at least 1, not " + max);
		}
		try (QueueLocks.Held held = this.locks.acquire(queue, this.limits.busyWait());
				DeadLetterChannel channel = DeadLetterChannel.open(this.connectionFactory, queue)) {
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
	 * @throws DeadLetterRequestException if the queue is not this service's or has no dead-letter queue
	 * @throws DeadLetterBusyException if another operation on the queue is still running
	 */
	public PurgeResult purge(String queue) {
		checkQueue(queue);
		try (QueueLocks.Held held = this.locks.acquire(queue, this.limits.busyWait());
				DeadLetterChannel channel = DeadLetterChannel.open(this.connectionFactory, queue)) {
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

	private void checkQueue(String queue) {
		if (queue == null || queue.isBlank()) {
			throw new DeadLetterRequestException("The queue must be given");
		}
		if (queue.getBytes(StandardCharsets.UTF_8).length > MAX_QUEUE_NAME) {
			throw new DeadLetterRequestException("The queue name is longer than " + MAX_QUEUE_NAME + " bytes");
		}
		if (!this.queues.contains(queue)) {
			throw new DeadLetterRequestException("'" + queue + "' is not a queue of this service; its dead letters "
					+ "are those of " + String.join(", ", new TreeSet<>(this.queues)));
		}
	}

	private void checkPage(int offset, int limit) {
		if (offset < 0 || offset > this.limits.maxOffset() || limit < 1 || limit > this.limits.maxPageSize()) {
			throw new DeadLetterRequestException("Invalid page offset=" + offset + ", limit=" + limit
					+ ": the offset must be 0 to " + this.limits.maxOffset() + " and the limit 1 to "
					+ this.limits.maxPageSize());
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
