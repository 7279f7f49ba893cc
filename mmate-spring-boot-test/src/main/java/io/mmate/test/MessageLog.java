package io.mmate.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the application sent through the harness, and what the harness dead-lettered, in the order it happened. Safe
 * to read while handlers run on other threads.
 */
final class MessageLog {

	private final List<RecordedMessage> published = new CopyOnWriteArrayList<>();

	private final List<RecordedMessage> replies = new CopyOnWriteArrayList<>();

	private final List<RecordedMessage> scheduled = new CopyOnWriteArrayList<>();

	private final List<RecordedMessage> deadLetters = new CopyOnWriteArrayList<>();

	private final List<HandlingResult> results = new CopyOnWriteArrayList<>();

	void published(RecordedMessage message) {
		this.published.add(message);
	}

	void replied(RecordedMessage message) {
		this.replies.add(message);
	}

	void scheduled(RecordedMessage message) {
		this.scheduled.add(message);
	}

	void deadLettered(RecordedMessage message) {
		this.deadLetters.add(message);
	}

	void handled(HandlingResult result) {
		this.results.add(result);
	}

	List<RecordedMessage> published() {
		return List.copyOf(this.published);
	}

	List<RecordedMessage> replies() {
		return List.copyOf(this.replies);
	}

	List<RecordedMessage> scheduled() {
		return List.copyOf(this.scheduled);
	}

	List<RecordedMessage> deadLetters() {
		return List.copyOf(this.deadLetters);
	}

	List<HandlingResult> results() {
		return List.copyOf(this.results);
	}

	void clear() {
		this.published.clear();
		this.replies.clear();
		this.scheduled.clear();
		this.deadLetters.clear();
		this.results.clear();
	}

}
