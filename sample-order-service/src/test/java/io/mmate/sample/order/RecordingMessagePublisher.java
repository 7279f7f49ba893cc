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
 * A {@link MessagePublisher} for unit tests of the handlers that records the events they publish and confirms them at
 * once, or fails them.
 */
final class RecordingMessagePublisher implements MessagePublisher {

	private final List<Event> events = new CopyOnWriteArrayList<>();

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

	@Override
	public CompletableFuture<PublishReceipt> publishEvent(Event event, PublishOptions options) {
		if (this.failure != null) {
			return CompletableFuture.failedFuture(this.failure);
		}
		this.events.add(event);
		return CompletableFuture.completedFuture(new PublishReceipt("test-id", "mmate.events", "test"));
	}

	@Override
	public CompletableFuture<PublishReceipt> sendCommand(Command command, String targetService,
			PublishOptions options) {
		throw new UnsupportedOperationException("not used by the order handlers");
	}

	@Override
	public CompletableFuture<PublishReceipt> sendQuery(Query query, PublishOptions options) {
		throw new UnsupportedOperationException("not used by the order handlers");
	}

	@Override
	public CompletableFuture<PublishReceipt> sendReply(Reply reply, String replyTo, PublishOptions options) {
		throw new UnsupportedOperationException("replies are sent by the starter");
	}

}
