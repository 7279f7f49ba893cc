package io.mmate.integration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.observation.ObservationRegistry;
import io.mmate.Event;
import io.mmate.PublishReceipt;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.TypeRegistry;
import io.mmate.outbox.JdbcOutboxStore;
import io.mmate.outbox.OutboxPublishSink;
import io.mmate.outbox.OutboxRecord;
import io.mmate.outbox.OutboxRelay;
import io.mmate.outbox.OutboxRelaySettings;
import io.mmate.publish.PublisherChannel;
import io.mmate.publish.PublisherSettings;
import io.mmate.publish.RabbitMessagePublisher;
import io.mmate.testsupport.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox on the real PostgreSQL of {@code scripts/postgres.sh} (127.0.0.1:5432, database, user and password
 * {@code mmate}) and the real broker, in a schema of its own that is dropped afterwards. Two "processes" share the
 * database: the application, whose relay is killed, and another instance, whose relay recovers; each has its own
 * connection pool.
 */
class OutboxPostgresIntegrationTests {

	static final String URL = "jdbc:postgresql://127.0.0.1:5432/mmate";

	static final String NO_DATABASE = "No PostgreSQL for the outbox tests: " + URL
			+ " (user mmate, password mmate) does not answer. Run: bash scripts/postgres.sh up";

	private static final int CRASHES = 1000;

	private static final int KEYS = 10;

	private static final int ROUNDS = 3;

	private static final OutboxRelaySettings SETTINGS = new OutboxRelaySettings(100, Duration.ofMillis(200),
			Duration.ofSeconds(10), Duration.ofDays(1), Duration.ofMinutes(1));

	private final String run = "pg" + UUID.randomUUID().toString().substring(0, 8);

	private final String schema = "outbox_test_" + this.run;

	private final String queue = "outbox-pg-" + this.run;

	private HikariDataSource application;

	private HikariDataSource otherInstance;

	private CachingConnectionFactory connectionFactory;

	private PublisherChannel channel;

	@BeforeEach
	void setUp() throws SQLException {
		try (Connection connection = DriverManager.getConnection(URL, "mmate", "mmate")) {
			connection.createStatement().execute("CREATE SCHEMA " + this.schema);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(NO_DATABASE, ex);
		}
		this.application = pool("application");
		this.otherInstance = pool("other-instance");
		new JdbcOutboxStore(new JdbcTemplate(this.application)).initializeSchema();
		this.connectionFactory = TestBroker.connectionFactory();
		this.channel = new PublisherChannel(this.connectionFactory, Duration.ofSeconds(30));
	}

	@AfterEach
	void tearDown() throws SQLException {
		if (this.channel != null) {
			this.channel.close();
			this.connectionFactory.destroy();
		}
		if (this.application != null) {
			this.application.close();
			this.otherInstance.close();
		}
		try (Connection connection = DriverManager.getConnection(URL, "mmate", "mmate")) {
			connection.createStatement().execute("DROP SCHEMA IF EXISTS " + this.schema + " CASCADE");
		}
		IntegrationTestSupport.deleteQueues(this.queue);
	}

	@Test
	void claimsOfTwoInstancesSkipEachOthersRows() {
		JdbcOutboxStore store = new JdbcOutboxStore(new JdbcTemplate(this.application));
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(this.application));
		for (int i = 0; i < 4; i++) {
			transactions.executeWithoutResult((status) -> publisher(sink(store, () -> {
			})).publishEvent(new Crashed(this.run, 0)));
		}
		JdbcOutboxStore other = new JdbcOutboxStore(new JdbcTemplate(this.otherInstance));
		TransactionTemplate otherTransactions = new TransactionTemplate(
				new DataSourceTransactionManager(this.otherInstance));
		transactions.executeWithoutResult((status) -> {
			List<OutboxRecord> first = store.claim(2);
			List<OutboxRecord> second = otherTransactions.execute((inner) -> other.claim(10));
			assertThat(first).hasSize(2);
			assertThat(second).hasSize(2)
				.extracting(OutboxRecord::id)
				.doesNotContainAnyElementsOf(first.stream().map(OutboxRecord::id).toList());
		});
	}

	/**
	 * 1,000 times: a transaction writes an event to the outbox and commits, and the application is killed right
	 * after the commit and before the publish (its relay stops once it claimed the row; every tenth time it stops
	 * after the broker confirmed the row and before marking it sent). A relay of another instance then recovers.
	 */
	@Test
	void killedAfterTheCommitAndBeforeThePublishAThousandTimesLosesNothing() {
		bindQueue();
		JdbcOutboxStore store = new JdbcOutboxStore(new JdbcTemplate(this.application));
		DataSourceTransactionManager applicationTransactions = new DataSourceTransactionManager(this.application);
		TransactionTemplate transactions = new TransactionTemplate(applicationTransactions);
		RabbitMessagePublisher publisher = publisher(sink(store, () -> {
			// The relay that a commit would wake is the one killed below.
		}));
		JdbcOutboxStore otherStore = new JdbcOutboxStore(new JdbcTemplate(this.otherInstance));
		DataSourceTransactionManager otherTransactions = new DataSourceTransactionManager(this.otherInstance);
		Set<String> expected = new HashSet<>();
		int killedBeforePublish = 0;
		int killedAfterConfirm = 0;
		int recovered = 0;
		for (int i = 0; i < CRASHES; i++) {
			int n = i;
			CompletableFuture<PublishReceipt> written = transactions
				.execute((status) -> publisher.publishEvent(new Crashed(this.run + "k" + (n % KEYS), n)));
			expected.add(written.join().messageId());
			boolean afterConfirm = i % 10 == 9;
			try {
				new KilledRelay(store, applicationTransactions, this.channel, afterConfirm).relayPending();
				throw new AssertionError("The relay was not killed");
			}
			catch (Killed ex) {
				if (afterConfirm) {
					killedAfterConfirm++;
				}
				else {
					killedBeforePublish++;
				}
			}
			recovered += new OutboxRelay(otherStore, otherTransactions, this.channel, SETTINGS, Clock.systemUTC())
				.relayPending();
		}
		assertThat(otherStore.backlog().pending()).isZero();
		Map<String, Integer> received = new HashMap<>();
		Map<String, Integer> lastByKey = new HashMap<>();
		int orderViolations = 0;
		RabbitTemplate rabbit = new RabbitTemplate(this.connectionFactory);
		int total = 0;
		Message message;
		while ((message = rabbit.receive(this.queue, 2000)) != null) {
			total++;
			String id = message.getMessageProperties().getMessageId();
			if (received.merge(id, 1, Integer::sum) == 1) {
				String body = new String(message.getBody());
				String key = body.replaceAll(".*\"aggregateId\":\"([^\"]+)\".*", "$1");
				int n = Integer.parseInt(body.replaceAll(".*\"n\":(\\d+).*", "$1"));
				Integer last = lastByKey.put(key, n);
				if (last != null && last > n) {
					orderViolations++;
				}
			}
		}
		Set<String> lost = new HashSet<>(expected);
		lost.removeAll(received.keySet());
		int duplicates = total - received.size();
		System.out.printf("Outbox crash test on PostgreSQL: %d commits, killed %d times before the publish and %d times "
				+ "after the confirm and before marking sent; another instance's relay recovered %d rows; "
				+ "%d delivered, %d distinct, %d lost, %d duplicates, %d per-key order violations%n", CRASHES,
				killedBeforePublish, killedAfterConfirm, recovered, total, received.size(), lost.size(), duplicates,
				orderViolations);
		assertThat(lost).isEmpty();
		assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(duplicates).isEqualTo(killedAfterConfirm);
		assertThat(orderViolations).isZero();
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

	private OutboxPublishSink sink(JdbcOutboxStore store, Runnable committed) {
		return new OutboxPublishSink(store, this.application, "x-aggregate-id", Clock.systemUTC(), committed,
				this.channel::frameMax);
	}

	private RabbitMessagePublisher publisher(OutboxPublishSink sink) {
		return new RabbitMessagePublisher(this.channel, sink, new EnvelopeCodec(JsonMapper.builder().build()),
				new TypeRegistry(), List.of(), new PublisherSettings(Duration.ofSeconds(10), false,
						Duration.ofSeconds(30), true),
				Clock.systemUTC(), ObservationRegistry.NOOP);
	}

	private HikariDataSource pool(String name) {
		HikariDataSource pool = new HikariDataSource();
		pool.setPoolName("outbox-" + name);
		pool.setJdbcUrl(URL + "?currentSchema=" + this.schema);
		pool.setUsername("mmate");
		pool.setPassword("mmate");
		pool.setMaximumPoolSize(4);
		return pool;
	}

	private void bindQueue() {
		RabbitAdmin admin = new RabbitAdmin(this.connectionFactory);
		TopicExchange events = new TopicExchange("mmate.events", true, false);
		admin.declareExchange(events);
		Queue queue = new Queue(this.queue, false, false, false);
		admin.declareQueue(queue);
		for (int k = 0; k < KEYS; k++) {
			admin.declareBinding(BindingBuilder.bind(queue).to(events).with("evt." + this.run + "k" + k + ".#"));
		}
	}

	record Crashed(String aggregateId, int n) implements Event {

	}

	static final class Killed extends RuntimeException {

		Killed() {
			super("killed", null, false, false);
		}

	}

	/**
	 * A relay that dies once it claimed rows, before publishing them, or after the broker confirmed them and before
	 * they are marked sent: its batch's transaction goes, as a killed process's connection would.
	 */
	static final class KilledRelay extends OutboxRelay {

		private final boolean afterConfirm;

		KilledRelay(JdbcOutboxStore store, DataSourceTransactionManager transactions, PublisherChannel channel,
				boolean afterConfirm) {
			super(store, transactions, channel, SETTINGS, Clock.systemUTC());
			this.afterConfirm = afterConfirm;
		}

		@Override
		protected void beforePublish(List<OutboxRecord> rows) {
			if (!this.afterConfirm) {
				throw new Killed();
			}
		}

		@Override
		protected void afterConfirms(List<Long> confirmed) {
			throw new Killed();
		}

	}

}
