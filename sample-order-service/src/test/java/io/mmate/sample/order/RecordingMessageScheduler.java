package io.mmate.sample.order;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.Message;
import io.mmate.MessageScheduler;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import io.mmate.Query;

/**
 * A {@link MessageScheduler} for unit tests: records what is scheduled, and when, and confirms at once.
 */
class RecordingMessageScheduler implements MessageScheduler {

	final List<Message> scheduled = new CopyOnWriteArrayList<>();

	@Override
	public CompletableFuture<PublishReceipt> scheduleEvent(Event event, Instant at, PublishOptions options) {
		return record(event);
	}

	@Override
	public CompletableFuture<PublishReceipt> scheduleCommand(Command command, String targetService, Instant at,
			PublishOptions options) {
		return record(command);
	}

	@Override
	public CompletableFuture<PublishReceipt> scheduleQuery(Query query, Instant at, PublishOptions options) {
		return record(query);
	}

	private CompletableFuture<PublishReceipt> record(Message message) {
		this.scheduled.add(message);
		return CompletableFuture.completedFuture(new PublishReceipt("scheduled", "", ""));
	}

}
