package io.mmate.idempotency;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A {@link ProcessedMessageStore} in a table of the application's database, shared by every instance and kept across
 * restarts. Ids older than the retention period are deleted now and then while marking.
 *
 * <pre class="code">
 * CREATE TABLE mmate_processed_message (
 *     message_key  VARCHAR(255) NOT NULL PRIMARY KEY,
 *     processed_at TIMESTAMP    NOT NULL
 * );
 * </pre>
 */
public class JdbcProcessedMessageStore implements ProcessedMessageStore {

	/** The table's default name. */
	public static final String DEFAULT_TABLE = "mmate_processed_message";

	private static final int CLEAN_UP_EVERY = 1000;

	private final JdbcTemplate jdbc;

	private final String table;

	private final Duration retention;

	private final Clock clock;

	private final AtomicLong marks = new AtomicLong();

	/**
	 * Create a store.
	 * @param jdbc the JDBC template of the application's data source
	 * @param table the table name
	 * @param retention how long an id is kept
	 * @param clock the clock
	 */
	public JdbcProcessedMessageStore(JdbcTemplate jdbc, String table, Duration retention, Clock clock) {
		this.jdbc = jdbc;
		this.table = table;
		this.retention = retention;
		this.clock = clock;
	}

	/**
	 * Create the table if it does not exist.
	 */
	public void createTableIfMissing() {
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS " + this.table
				+ " (message_key VARCHAR(255) NOT NULL PRIMARY KEY, processed_at TIMESTAMP NOT NULL)");
	}

	@Override
	public boolean isProcessed(String key) {
		Integer count = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM " + this.table + " WHERE message_key = ? AND processed_at > ?", Integer.class,
				key, Timestamp.from(this.clock.instant().minus(this.retention)));
		return count != null && count > 0;
	}

	@Override
	public void markProcessed(String key) {
		Timestamp now = Timestamp.from(this.clock.instant());
		try {
			this.jdbc.update("INSERT INTO " + this.table + " (message_key, processed_at) VALUES (?, ?)", key, now);
		}
		catch (DuplicateKeyException ex) {
			this.jdbc.update("UPDATE " + this.table + " SET processed_at = ? WHERE message_key = ?", now, key);
		}
		if (this.marks.incrementAndGet() % CLEAN_UP_EVERY == 0) {
			deleteExpired();
		}
	}

	/**
	 * Insert the id, after deleting an expired row of the same key, and let a duplicate key fail: within a
	 * transaction on PostgreSQL a failed insert spoils the transaction, so there is no update to fall back on.
	 * @param key the message's key: its type and id
	 */
	@Override
	public void markProcessedOnce(String key) {
		Instant now = this.clock.instant();
		this.jdbc.update("DELETE FROM " + this.table + " WHERE message_key = ? AND processed_at <= ?", key,
				Timestamp.from(now.minus(this.retention)));
		this.jdbc.update("INSERT INTO " + this.table + " (message_key, processed_at) VALUES (?, ?)", key,
				Timestamp.from(now));
		if (this.marks.incrementAndGet() % CLEAN_UP_EVERY == 0) {
			deleteExpired();
		}
	}

	/**
	 * Delete the ids older than the retention period.
	 * @return how many were deleted
	 */
	public int deleteExpired() {
		return this.jdbc.update("DELETE FROM " + this.table + " WHERE processed_at <= ?",
				Timestamp.from(this.clock.instant().minus(this.retention)));
	}

}
