package io.mmate.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded, in-process {@link ProcessedMessageStore}: at most a given number of ids, each for at most the retention
 * period, oldest dropped first. It sees only this instance's deliveries and forgets on restart; use the JDBC store
 * when duplicates may reach different instances.
 */
public class InMemoryProcessedMessageStore implements ProcessedMessageStore {

	private final int maxEntries;

	private final Duration retention;

	private final Clock clock;

	private final LinkedHashMap<String, Instant> processed = new LinkedHashMap<>();

	/**
	 * Create a store.
	 * @param maxEntries the most ids kept
	 * @param retention how long an id is kept
	 * @param clock the clock
	 */
	public InMemoryProcessedMessageStore(int maxEntries, Duration retention, Clock clock) {
		this.maxEntries = maxEntries;
		this.retention = retention;
		this.clock = clock;
	}

	@Override
	public synchronized boolean isProcessed(String key) {
		Instant at = this.processed.get(key);
		return at != null && at.isAfter(this.clock.instant().minus(this.retention));
	}

	@Override
	public synchronized void markProcessed(String key) {
		Instant now = this.clock.instant();
		this.processed.remove(key);
		this.processed.put(key, now);
		Instant expired = now.minus(this.retention);
		Iterator<Map.Entry<String, Instant>> oldestFirst = this.processed.entrySet().iterator();
		while (oldestFirst.hasNext()) {
			Map.Entry<String, Instant> oldest = oldestFirst.next();
			if (this.processed.size() <= this.maxEntries && oldest.getValue().isAfter(expired)) {
				break;
			}
			oldestFirst.remove();
		}
	}

}
