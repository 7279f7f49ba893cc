package io.mmate.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the transactional outbox, under {@code mmate.outbox}.
 */
@ConfigurationProperties("mmate.outbox")
public class MmateOutboxProperties {

	/**
	 * Whether a publish inside a Spring-managed transaction on the application's DataSource is written to the outbox
	 * table in that transaction and published by the relay after the commit, instead of being held back until the
	 * commit and published then.
	 */
	private boolean enabled;

	/**
	 * Whether the outbox table (mmate_outbox) and its index are created at startup when they are missing, with the
	 * script for the database: PostgreSQL, H2, MySQL or MariaDB.
	 */
	private boolean initializeSchema;

	/**
	 * Most rows the relay claims, publishes and marks in one database transaction.
	 */
	private int batchSize = 100;

	/**
	 * How often the relay looks for unsent rows when no commit wakes it, such as rows left behind by an instance that
	 * crashed.
	 */
	private Duration pollInterval = Duration.ofSeconds(1);

	/**
	 * How long sent rows are kept before they are deleted. 0 deletes each row once the broker confirmed it.
	 */
	private Duration retention = Duration.ofDays(1);

	/**
	 * Header whose value is a row's ordering key: rows of one key are published in the order they were written, each
	 * after the broker confirmed the previous one. Events carry their aggregate id in x-aggregate-id.
	 */
	private String orderingKeyHeader = "x-aggregate-id";

	/**
	 * Number of unsent rows above which the 'mmateOutbox' health indicator reports DEGRADED.
	 */
	private Long degradedThreshold = 1000L;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isInitializeSchema() {
		return this.initializeSchema;
	}

	public void setInitializeSchema(boolean initializeSchema) {
		this.initializeSchema = initializeSchema;
	}

	public int getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public Duration getRetention() {
		return this.retention;
	}

	public void setRetention(Duration retention) {
		this.retention = retention;
	}

	public String getOrderingKeyHeader() {
		return this.orderingKeyHeader;
	}

	public void setOrderingKeyHeader(String orderingKeyHeader) {
		this.orderingKeyHeader = orderingKeyHeader;
	}

	public Long getDegradedThreshold() {
		return this.degradedThreshold;
	}

	public void setDegradedThreshold(Long degradedThreshold) {
		this.degradedThreshold = degradedThreshold;
	}

}
