package io.mmate.integration;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.mmate.PublishReceipt;
import io.mmate.outbox.JdbcOutboxStore;
import io.mmate.outbox.OutboxRelay;
import io.mmate.publish.RabbitMessagePublisher;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox on the real PostgreSQL of {@code scripts/postgres.sh} (127.0.0.1:5432, database, user and password
 * {@code mmate}) and the real broker, in a schema of its own that is dropped afterwards; and its throughput against
 * direct publishing.
 */
class OutboxPostgresIntegrationTests extends AbstractOutboxDatabaseIntegrationTests {

	static final String URL = "jdbc:postgresql://127.0.0.1:5432/mmate";

	private static final int ROUNDS = 3;

	private final String schema = "outbox_test_" + this.run;

	@Override
	protected String database() {
		return "PostgreSQL";
	}

	@Override
	protected String databaseUrl() {
		return URL;
	}

	@Override
	protected String jdbcUrl() {
		return URL + "?currentSchema=" + this.schema;
	}

	@Override
	protected int crashes() {
		return 1000;
	}

	@Override
	protected String noDatabase() {
		return "No PostgreSQL for the outbox tests: " + URL
				+ " (user mmate, password mmate) does not answer. Run: bash scripts/postgres.sh up";
	}

	@Override
	protected void isolate(Connection connection) throws SQLException {
		connection.createStatement().execute("CREATE SCHEMA " + this.schema);
	}

	@Override
	protected void cleanUp(Connection connection) throws SQLException {
		connection.createStatement().execute("DROP SCHEMA IF EXISTS " + this.schema + " CASCADE");
	}

	/**
	 * Throughput in one run, each event in a transaction of its own that also writes a business row: published
	 * directly (held back until the commit, then published with confirms, as without the outbox) and through the
	 * outbox (written in the transaction, published by the relay). Prints the rates and their ratio; asserts only
	 * that every message was confirmed.
	 */
	@Test
	void outboxAgainstDirectPublishingThroughput() {
		int events = 2000;
		JdbcTemplate jdbc = new JdbcTemplate(this.application);
		jdbc.execute("CREATE TABLE business (id BIGSERIAL PRIMARY KEY, n INTEGER NOT NULL)");
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(this.application));
		JdbcOutboxStore store = new JdbcOutboxStore(jdbc);
		OutboxRelay relay = new OutboxRelay(store, new DataSourceTransactionManager(this.application), this.channel,
				SETTINGS, Clock.systemUTC());
		RabbitMessagePublisher direct = publisher(null);
		RabbitMessagePublisher outbox = publisher(sink(store, relay::wake));
		relay.start();
		try {
			// Warm up every way as long as a round, and drop it: JIT compilation, connections, prepared statements and
			// the database's caches take a few thousand events to settle.
			measureDirect(direct, transactions, jdbc, events, (n) -> this.run + "wd" + n);
			measureOutbox(outbox, transactions, jdbc, store, events, (n) -> this.run + "wo" + n);
			measureOutbox(outbox, transactions, jdbc, store, events, (n) -> this.run + "wk" + (n % KEYS));
			// Rounds alternate the three ways, so that a noisy neighbour on a shared machine slows all of them.
			List<Double> directRates = new ArrayList<>();
			List<Double> outboxRates = new ArrayList<>();
			List<Double> keyedRates = new ArrayList<>();
			for (int round = 0; round < ROUNDS; round++) {
				String prefix = this.run + "r" + round;
				directRates.add(measureDirect(direct, transactions, jdbc, events, (n) -> prefix + "d" + n));
				outboxRates.add(measureOutbox(outbox, transactions, jdbc, store, events, (n) -> prefix + "o" + n));
				keyedRates.add(measureOutbox(outbox, transactions, jdbc, store, events,
						(n) -> prefix + "k" + (n % KEYS)));
				System.out.printf("Outbox throughput round %d: direct %.0f/s, outbox %.0f/s, outbox with %d ordering "
						+ "keys %.0f/s%n", round + 1, directRates.get(round), outboxRates.get(round), KEYS,
						keyedRates.get(round));
			}
			double directRate = median(directRates);
			double outboxRate = median(outboxRates);
			double keyedRate = median(keyedRates);
			System.out.printf("Outbox throughput on PostgreSQL, %d events per way and round, one transaction each "
					+ "with a business row, until the broker confirmed the last, median of %d rounds: direct %.0f/s, "
					+ "outbox %.0f/s (outbox/direct %.2f), outbox with %d ordering keys %.0f/s (%.2f)%n", events,
					ROUNDS, directRate, outboxRate, outboxRate / directRate, KEYS, keyedRate, keyedRate / directRate);
		}
		finally {
			relay.stop();
		}
		assertThat(store.backlog().pending()).isZero();
	}

	private double measureDirect(RabbitMessagePublisher publisher, TransactionTemplate transactions,
			JdbcTemplate jdbc, int events, IntFunction<String> aggregate) {
		long start = System.nanoTime();
		List<CompletableFuture<PublishReceipt>> confirms = new ArrayList<>(events);
		for (int i = 0; i < events; i++) {
			int n = i;
			confirms.add(transactions.execute((status) -> {
				jdbc.update("INSERT INTO business (n) VALUES (?)", n);
				return publisher.publishEvent(new Crashed(aggregate.apply(n), n));
			}));
		}
		CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
		return events / ((System.nanoTime() - start) / 1e9);
	}

	private double measureOutbox(RabbitMessagePublisher publisher, TransactionTemplate transactions,
			JdbcTemplate jdbc, JdbcOutboxStore store, int events, IntFunction<String> aggregate) {
		long start = System.nanoTime();
		for (int i = 0; i < events; i++) {
			int n = i;
			transactions.executeWithoutResult((status) -> {
				jdbc.update("INSERT INTO business (n) VALUES (?)", n);
				publisher.publishEvent(new Crashed(aggregate.apply(n), n));
			});
		}
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
			.until(() -> store.backlog().pending() == 0);
		return events / ((System.nanoTime() - start) / 1e9);
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		return sorted.get(sorted.size() / 2);
	}

}
