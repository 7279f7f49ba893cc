package io.mmate.outbox;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import com.rabbitmq.client.AMQP;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * The outbox table {@value #TABLE} in the application's database. Rows are written in the application's transaction
 * and claimed by a relay with {@code SELECT ... FOR UPDATE SKIP LOCKED}, which PostgreSQL, MySQL 8, MariaDB 10.6 and
 * H2 2 support: a row is claimed by one relay at a time, and a relay that dies releases its rows with its connection.
 * The schema scripts are {@code io/mmate/outbox/schema-{postgresql,h2,mysql}.sql} on the class path.
 */
public class JdbcOutboxStore {

	/** The table's name. */
	public static final String TABLE = "mmate_outbox";

	private static final String COLUMNS = "id, message_id, exchange, routing_key, mandatory, ordering_key, "
			+ "properties, body, created_at";

	private final JdbcTemplate jdbc;

	/**
	 * Create a store.
	 * @param jdbc the JDBC template of the application's data source
	 */
	public JdbcOutboxStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Create the table and its index when they are missing, with the script for the database's product: PostgreSQL,
	 * H2, MySQL or MariaDB.
	 */
	public void initializeSchema() {
		DataSource dataSource = this.jdbc.getDataSource();
		String product;
		try {
			product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("Could not read the database product to create the outbox table", ex);
		}
		new ResourceDatabasePopulator(new ClassPathResource(schemaScript(product))).execute(dataSource);
	}

	/**
	 * The class path location of the schema script for a database product.
	 * @param product the product name, as {@link DatabaseMetaData#getDatabaseProductName()} says it
	 * @return the script's location
	 * @throws IllegalStateException for a product without a script
	 */
	public static String schemaScript(String product) {
		String name = String.valueOf(product).toLowerCase(Locale.ROOT);
		String dialect = name.contains("postgres") ? "postgresql" : name.contains("h2") ? "h2"
				: (name.contains("mysql") || name.contains("mariadb")) ? "mysql" : null;
		if (dialect == null) {
			throw new IllegalStateException("No outbox schema script for database '" + product
					+ "': create table " + TABLE + " yourself, after io/mmate/outbox/schema-postgresql.sql, and set "
					+ "mmate.outbox.initialize-schema=false");
		}
		return "io/mmate/outbox/schema-" + dialect + ".sql";
	}

	/**
	 * Write a row, in the transaction of the calling thread when there is one.
	 * @param messageId the message id
	 * @param exchange the exchange
	 * @param routingKey the routing key
	 * @param mandatory whether an unroutable message fails
	 * @param orderingKey the ordering key, {@code null} for none
	 * @param properties the AMQP properties
	 * @param body the body
	 * @param createdAt now
	 */
	public void insert(String messageId, String exchange, String routingKey, boolean mandatory, String orderingKey,
			AMQP.BasicProperties properties, byte[] body, Instant createdAt) {
		this.jdbc.update("INSERT INTO " + TABLE + " (message_id, exchange, routing_key, mandatory, ordering_key, "
				+ "properties, body, created_at, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)", messageId, exchange,
				routingKey, mandatory, orderingKey, AmqpPropertiesEncoding.encode(properties), body,
				Timestamp.from(createdAt));
	}

	/**
	 * Claim the oldest unsent rows that no other transaction holds, locking them until the calling transaction ends.
	 * Must run in a transaction.
	 * @param limit the most rows to claim
	 * @return the rows, in id order
	 */
	public List<OutboxRecord> claim(int limit) {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM " + TABLE
				+ " WHERE sent_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED", this::record, limit);
	}

	/**
	 * The ids of the unsent rows of some ordering keys, up to an id, whoever holds them.
	 * @param orderingKeys the keys
	 * @param maxId the highest id of interest
	 * @return for each key that has unsent rows, their ids in increasing order
	 */
	public Map<String, List<Long>> unsentIds(Collection<String> orderingKeys, long maxId) {
		if (orderingKeys.isEmpty()) {
			return Collections.emptyMap();
		}
		List<Object> arguments = new ArrayList<>(orderingKeys);
		arguments.add(maxId);
		String placeholders = String.join(", ", Collections.nCopies(orderingKeys.size(), "?"));
		Map<String, List<Long>> ids = new LinkedHashMap<>();
		this.jdbc.query("SELECT id, ordering_key FROM " + TABLE + " WHERE sent_at IS NULL AND ordering_key IN ("
				+ placeholders + ") AND id <= ? ORDER BY id", (ResultSet rs) -> {
					ids.computeIfAbsent(rs.getString(2), (key) -> new ArrayList<>()).add(rs.getLong(1));
				}, arguments.toArray());
		return ids;
	}

	/**
	 * Mark rows sent, or delete them when sent rows are not kept.
	 * @param ids the row ids
	 * @param sentAt now
	 * @param keep whether to keep the rows, marked, rather than delete them
	 */
	public void markSent(List<Long> ids, Instant sentAt, boolean keep) {
		if (ids.isEmpty()) {
			return;
		}
		String placeholders = String.join(", ", Collections.nCopies(ids.size(), "?"));
		if (keep) {
			List<Object> arguments = new ArrayList<>(ids.size() + 1);
			arguments.add(Timestamp.from(sentAt));
			arguments.addAll(ids);
			this.jdbc.update("UPDATE " + TABLE + " SET sent_at = ?, attempts = attempts + 1 WHERE id IN ("
					+ placeholders + ")", arguments.toArray());
		}
		else {
			this.jdbc.update("DELETE FROM " + TABLE + " WHERE id IN (" + placeholders + ")", ids.toArray());
		}
	}

	/**
	 * Record a failed attempt to publish a row, which stays unsent.
	 * @param id the row id
	 * @param error why it failed
	 */
	public void recordFailure(long id, String error) {
		String bounded = (error != null && error.length() > 1000) ? error.substring(0, 1000) : error;
		this.jdbc.update("UPDATE " + TABLE + " SET attempts = attempts + 1, last_error = ? WHERE id = ?", bounded, id);
	}

	/**
	 * Delete the rows sent before an instant.
	 * @param before the instant
	 * @return how many were deleted
	 */
	public int deleteSentBefore(Instant before) {
		return this.jdbc.update("DELETE FROM " + TABLE + " WHERE sent_at IS NOT NULL AND sent_at < ?",
				Timestamp.from(before));
	}

	/**
	 * The unsent rows: how many, and when the oldest was written.
	 * @return the backlog
	 */
	public OutboxBacklog backlog() {
		return this.jdbc.queryForObject("SELECT COUNT(*), MIN(created_at) FROM " + TABLE + " WHERE sent_at IS NULL",
				(rs, row) -> {
					Timestamp oldest = rs.getTimestamp(2);
					return new OutboxBacklog(rs.getLong(1), (oldest != null) ? oldest.toInstant() : null);
				});
	}

	private OutboxRecord record(ResultSet rs, int row) throws SQLException {
		return new OutboxRecord(rs.getLong("id"), rs.getString("message_id"), rs.getString("exchange"),
				rs.getString("routing_key"), rs.getBoolean("mandatory"), rs.getString("ordering_key"),
				AmqpPropertiesEncoding.decode(rs.getBytes("properties")), rs.getBytes("body"),
				rs.getTimestamp("created_at").toInstant());
	}

}
