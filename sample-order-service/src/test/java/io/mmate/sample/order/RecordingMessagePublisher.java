package io.mmate.sample.order;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.MessagePublisher;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import io.mmate.Query;
import io.mmate.Reply;

/**
 * A {@link MessagePublisher} for unit tests that records what is published and confirms it at once, or fails it.
 */
final class RecordingMessagePublisher implements MessagePublisher {

	private final List<Event> events = new CopyOnWriteArrayList<>();

	private final List<Command> commands = new CopyOnWriteArrayList<>();

	private volatile RuntimeException failure;

	/**
	 * Fail every later publish with this exception, as an unconfirmed publish does.
	 * @param failure the exception
	 */
	void failWith(RuntimeException failure) {
		this.failure = failure;
	}

	List<Event> events() {
		return this.events;
	}

	List<Command> commands() {
		return this.commands;
	}

	@Override
	public CompletableFuture<PublishReceipt> publishEvent(Event event, PublishOptions options) {
		return record(this.events, event, "mmate.events");
	}

	@Override
	public CompletableFuture<PublishReceipt> sendCommand(Command command, String targetService,
			PublishOptions options) {
		return record(this.commands, command, "mmate.commands");
	}

	@Override
	public CompletableFuture<PublishReceipt> sendQuery(Query query, PublishOptions options) {
		throw new UnsupportedOperationException("not used by the order service");
	}

	@Override
	public CompletableFuture<PublishReceipt> sendReply(Reply reply, String replyTo, PublishOptions options) {
		throw new UnsupportedOperationException("replies are sent by the starter");
	}

	private <T> CompletableFuture<PublishReceipt> record(List<T> published, T message, String exchange) {
		if (this.failure != null) {
			return CompletableFuture.failedFuture(this.failure);
		}
		published.add(message);
		return CompletableFuture.completedFuture(new PublishReceipt("test-id", exchange, "test"));
	}

}
