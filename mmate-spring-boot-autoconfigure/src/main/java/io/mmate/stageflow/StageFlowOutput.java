package io.mmate.stageflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.mmate.Event;
import io.mmate.MessagePublisher;
import io.mmate.envelope.EncodedMessage;
import io.mmate.publish.PublishSink;

/**
 * What processing one StageFlow message publishes: stage and compensation messages to their queues through the
 * default exchange, and workflow events on {@code mmate.events}. The delivery is acknowledged only after
 * {@link #confirmed()}: a message lost on the way is sent again by running the stage again.
 */
final class StageFlowOutput {

	private final PublishSink sink;

	private final MessagePublisher publisher;

	private final Duration confirmTimeout;

	private final List<CompletableFuture<?>> pending = new ArrayList<>();

	private final List<Event> events = new ArrayList<>();

	private final List<Runnable> afterConfirm = new ArrayList<>();

	StageFlowOutput(PublishSink sink, MessagePublisher publisher, Duration confirmTimeout) {
		this.sink = sink;
		this.publisher = publisher;
		this.confirmTimeout = confirmTimeout;
	}

	void send(String queue, EncodedMessage message) {
		this.pending.add(this.sink.publish("", queue, true, message.properties(), message.body(),
				this.confirmTimeout));
	}

	void publish(Event event) {
		this.events.add(event);
		this.pending.add(this.publisher.publishEvent(event));
	}

	void await(CompletableFuture<?> publish) {
		this.pending.add(publish);
	}

	void afterConfirm(Runnable action) {
		this.afterConfirm.add(action);
	}

	/**
	 * Wait for the broker to confirm everything published.
	 * @return the events published, in order
	 * @throws InterruptedException if interrupted while waiting
	 * @throws ExecutionException if a message was refused
	 * @throws TimeoutException if a message was not confirmed in time
	 */
	List<Event> confirmed() throws InterruptedException, ExecutionException, TimeoutException {
		CompletableFuture.allOf(this.pending.toArray(CompletableFuture[]::new))
			.get(this.confirmTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
		return this.events;
	}

	/**
	 * Run what waits for the confirms, once the delivery is acknowledged.
	 */
	void finish() {
		this.afterConfirm.forEach(Runnable::run);
	}

}
