package io.mmate.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.mmate.MessageContext;
import io.mmate.MessagePublisher;
import io.mmate.MmateHandler;
import io.mmate.PermanentFailureException;
import io.mmate.failure.DeadLetterHeaders;
import io.mmate.test.WorkMessages.CheckedWork;
import io.mmate.test.WorkMessages.GetWork;
import io.mmate.test.WorkMessages.Work;
import io.mmate.test.WorkMessages.WorkDone;
import io.mmate.test.WorkMessages.WorkReply;
import jakarta.validation.Valid;

/**
 * Handlers that fail on demand, run the same on the broker and in the harness: {@link Work} publishes
 * {@link WorkDone} once handled, {@link GetWork} is answered with a {@link WorkReply}, {@link CheckedWork} is
 * validated.
 */
public class WorkHandlers {

	final AtomicInteger failuresLeft = new AtomicInteger();

	final AtomicBoolean permanent = new AtomicBoolean();

	final AtomicInteger attempts = new AtomicInteger();

	final List<String> handled = new CopyOnWriteArrayList<>();

	final List<String> events = new CopyOnWriteArrayList<>();

	private final MessagePublisher publisher;

	public WorkHandlers(MessagePublisher publisher) {
		this.publisher = publisher;
	}

	@MmateHandler
	public void on(Work work, MessageContext context) {
		this.attempts.incrementAndGet();
		if (this.permanent.get()) {
			throw new PermanentFailureException("work '" + work.name() + "' is invalid");
		}
		if (this.failuresLeft.getAndDecrement() > 0) {
			throw new IllegalStateException("dependency down");
		}
		this.handled.add(work.name() + " redeliveries=" + context.header(DeadLetterHeaders.REDELIVERIES));
		this.publisher.publishEvent(new WorkDone(work.name())).join();
	}

	@MmateHandler
	public void on(@Valid CheckedWork work) {
		this.handled.add(work.name());
	}

	@MmateHandler
	public WorkReply on(GetWork query) {
		if (this.permanent.get()) {
			throw new PermanentFailureException("no work '" + query.name() + "'");
		}
		return new WorkReply(query.name(), "DONE");
	}

	@MmateHandler
	public void on(WorkDone event) {
		this.events.add(event.name());
	}

}
