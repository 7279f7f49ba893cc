package io.mmate.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.mmate.publish.PublishSink;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the unsent rows of the outbox with publisher confirms and marks them sent. It runs on a thread of its own,
 * woken when a transaction that wrote rows commits and otherwise every poll interval, so that the rows an instance
 * left behind when it crashed are published by any other.
 *
 * <p>Each batch is one database transaction: claim rows ({@code FOR UPDATE SKIP LOCKED}), publish them, wait for the
 * confirms, mark the confirmed rows sent, commit. A relay that dies on the way publishes nothing twice unless it dies
 * after a confirm and before the commit: then another relay publishes those rows again (at least once). Rows with the
 * same ordering key are published in id order, each only after the previous one was confirmed; a row whose earlier
 * rows of the same key are held by another relay, or failed, waits for a later batch.
 */
public class OutboxRelay implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(OutboxRelay.class);

	private final JdbcOutboxStore store;

	private final TransactionTemplate transactions;

	private final PublishSink channel;

	private final OutboxRelaySettings settings;

	private final Clock clock;

	private final Semaphore wakeUp = new Semaphore(0);

	private volatile Thread thread;

	private volatile boolean running;

	private Instant lastCleanup = Instant.MIN;

	/**
	 * Create a relay.
	 * @param store the outbox table
	 * @param transactionManager the transaction manager of the store's data source
	 * @param channel where the rows are published: the confirming publisher channel
	 * @param settings batch size, intervals, confirm timeout and retention
	 * @param clock the clock
	 */
	public OutboxRelay(JdbcOutboxStore store, PlatformTransactionManager transactionManager, PublishSink channel,
			OutboxRelaySettings settings, Clock clock) {
		this.store = store;
		this.transactions = new TransactionTemplate(transactionManager);
		this.channel = channel;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Have the relay look for rows now rather than at the next poll; returns at once.
	 */
	public void wake() {
		if (this.wakeUp.availablePermits() == 0) {
			this.wakeUp.release();
		}
	}

	/**
	 * Publish unsent rows, batch after batch, until a batch finds none it may publish, on the calling thread.
	 * @return how many rows were published and marked sent
	 */
	public int relayPending() {
		int total = 0;
		while (true) {
			Batch batch = relayBatch();
			total += batch.sent;
			if (batch.claimed < this.settings.batchSize() || batch.sent == 0) {
				return total;
			}
		}
	}

	private Batch relayBatch() {
		Batch batch = this.transactions.execute((status) -> {
			List<OutboxRecord> claimed = this.store.claim(this.settings.batchSize());
			if (claimed.isEmpty()) {
				return new Batch(0, 0);
			}
			List<OutboxRecord> inOrder = publishableInOrder(claimed);
			beforePublish(inOrder);
			Map<Long, Throwable> failures = new ConcurrentHashMap<>();
			List<Long> confirmed = publish(inOrder, failures);
			afterConfirms(confirmed);
			this.store.markSent(confirmed, this.clock.instant(), !this.settings.retention().isZero());
			failures.forEach((id, ex) -> this.store.recordFailure(id, ex.getMessage()));
			if (!failures.isEmpty()) {
				logger.warn("Could not publish " + failures.size() + " row(s) of the outbox, retried at the next "
						+ "poll; first: " + failures.values().iterator().next().getMessage());
			}
			return new Batch(claimed.size(), confirmed.size());
		});
		return (batch != null) ? batch : new Batch(0, 0);
	}

	/**
	 * Called in the batch's transaction after the rows were claimed and before any is published. Does nothing; a test
	 * overrides it to stop a relay at that point, as a crash would.
	 * @param rows the rows about to be published
	 */
	protected void beforePublish(List<OutboxRecord> rows) {
	}

	/**
	 * Called in the batch's transaction after the broker confirmed rows and before they are marked sent. Does
	 * nothing; a test overrides it to stop a relay at that point, as a crash would.
	 * @param confirmed the ids of the confirmed rows
	 */
	protected void afterConfirms(List<Long> confirmed) {
	}

	// The claimed rows that may go now: for each ordering key, the claimed rows that come, in id order, before the
	// first unsent row of that key this relay does not hold.
	private List<OutboxRecord> publishableInOrder(List<OutboxRecord> claimed) {
		Set<String> keys = new HashSet<>();
		Set<Long> held = new HashSet<>();
		long maxId = 0;
		for (OutboxRecord row : claimed) {
			if (row.orderingKey() != null) {
				keys.add(row.orderingKey());
			}
			held.add(row.id());
			maxId = Math.max(maxId, row.id());
		}
		Set<Long> allowed = new HashSet<>();
		for (List<Long> unsent : this.store.unsentIds(keys, maxId).values()) {
			for (Long id : unsent) {
				if (!held.contains(id)) {
					break;
				}
				allowed.add(id);
			}
		}
		List<OutboxRecord> publishable = new ArrayList<>(claimed.size());
		for (OutboxRecord row : claimed) {
			if (row.orderingKey() == null || allowed.contains(row.id())) {
				publishable.add(row);
			}
		}
		return publishable;
	}

	// One chain per ordering key, each row sent when the previous one was confirmed; rows without a key all at once.
	private List<Long> publish(List<OutboxRecord> rows, Map<Long, Throwable> failures) {
		Map<Object, CompletableFuture<Boolean>> chains = new LinkedHashMap<>();
		List<Long> confirmed = Collections.synchronizedList(new ArrayList<>());
		for (OutboxRecord row : rows) {
			Object key = (row.orderingKey() != null) ? row.orderingKey() : row.id();
			CompletableFuture<Boolean> previous = chains.getOrDefault(key, CompletableFuture.completedFuture(true));
			chains.put(key, previous.thenCompose((ok) -> ok ? publishOne(row, confirmed, failures)
					: CompletableFuture.completedFuture(false)));
		}
		CompletableFuture.allOf(chains.values().toArray(CompletableFuture[]::new)).join();
		List<Long> sorted = new ArrayList<>(confirmed);
		sorted.sort(null);
		return sorted;
	}

	private CompletableFuture<Boolean> publishOne(OutboxRecord row, List<Long> confirmed,
			Map<Long, Throwable> failures) {
		CompletableFuture<?> publish;
		try {
			publish = this.channel.publish(row.exchange(), row.routingKey(), row.mandatory(), row.properties(),
					row.body(), this.settings.confirmTimeout());
		}
		catch (RuntimeException ex) {
			publish = CompletableFuture.failedFuture(ex);
		}
		return publish.handle((receipt, ex) -> {
			if (ex != null) {
				failures.put(row.id(), (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex);
				return false;
			}
			confirmed.add(row.id());
			return true;
		});
	}

	private void run() {
		while (this.running) {
			try {
				this.wakeUp.tryAcquire(this.settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
				this.wakeUp.drainPermits();
				if (!this.running) {
					return;
				}
				relayPending();
				cleanUpIfDue();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				// The database or the broker is away: the rows stay in the outbox for the next poll.
				logger.warn("The outbox relay failed, retrying in " + this.settings.pollInterval() + ": " + ex);
			}
		}
	}

	private void cleanUpIfDue() {
		Instant now = this.clock.instant();
		if (this.settings.retention().isZero()
				|| this.lastCleanup.plus(this.settings.cleanupInterval()).isAfter(now)) {
			return;
		}
		this.lastCleanup = now;
		int deleted = this.store.deleteSentBefore(now.minus(this.settings.retention()));
		if (deleted > 0 && logger.isDebugEnabled()) {
			logger.debug("Deleted " + deleted + " sent row(s) of the outbox older than " + this.settings.retention());
		}
	}

	@Override
	public void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		Thread relay = new Thread(this::run, "mmate-outbox-relay");
		relay.setDaemon(true);
		this.thread = relay;
		relay.start();
	}

	@Override
	public void stop() {
		this.running = false;
		Thread relay = this.thread;
		if (relay != null) {
			wake();
			try {
				// A batch in flight finishes (at most the confirm timeout); one that does not is rolled back.
				relay.join(this.settings.confirmTimeout().toMillis() + 1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.thread = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Stops before the publisher channel it publishes on.
		return SmartLifecycle.DEFAULT_PHASE - 100;
	}

	private record Batch(int claimed, int sent) {

	}

}
