package io.mmate.integration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

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

/**
 * The outbox on a real database and the real broker, whatever the database: two "processes" share it, the
 * application, whose relay is killed, and another instance, whose relay recovers; each has its own connection pool.
 * A subclass says where the database is and how a test gets tables of its own there.
 */
abstract class AbstractOutboxDatabaseIntegrationTests {

	static final int KEYS = 10;

	static final OutboxRelaySettings SETTINGS = new OutboxRelaySettings(100, Duration.ofMillis(200),
			Duration.ofSeconds(10), Duration.ofDays(1), Duration.ofMinutes(1));

	protected final String run = database().toLowerCase(Locale.ROOT).substring(0, 2)
			+ UUID.randomUUID().toString().substring(0, 8);

	private final String queue = "outbox-" + this.run;

	protected HikariDataSource application;

	protected HikariDataSource otherInstance;

	protected CachingConnectionFactory connectionFactory;

	protected PublisherChannel channel;

	/**
	 * The database's name, for messages.
	 * @return the name
	 */
	protected abstract String database();

	/**
	 * The JDBC URL the two pools connect with, to the tables of this test.
	 * @return the URL
	 */
	protected abstract String jdbcUrl();

	/**
	 * How many commits the crash test kills its relay after.
	 * @return the count
	 */
	protected abstract int crashes();

	/**
	 * Give this test tables of its own: a schema, or an emptied table.
	 * @param connection a connection as the test user
	 * @throws SQLException when the database refuses
	 */
	protected abstract void isolate(Connection connection) throws SQLException;

	/**
	 * Remove what {@link #isolate(Connection)} made.
	 * @param connection a connection as the test user
	 * @throws SQLException when the database refuses
	 */
	protected abstract void cleanUp(Connection connection) throws SQLException;

	/**
	 * The URL of the database, for the connections of {@link #isolate} and {@link #cleanUp}.
	 * @return the URL
	 */
	protected abstract String databaseUrl();

	/**
	 * What to run when the database does not answer.
	 * @return the message
	 */
	protected abstract String noDatabase();

	@BeforeEach
	void setUp() throws SQLException {
		try (Connection connection = DriverManager.getConnection(databaseUrl(), "mmate", "mmate")) {
			isolate(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(noDatabase(), ex);
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
		try (Connection connection = DriverManager.getConnection(databaseUrl(), "mmate", "mmate")) {
			cleanUp(connection);
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
			System.out.printf("Outbox claims on %s: the application's relay claimed rows %s, the other instance's "
					+ "relay skipped them and claimed %s%n", database(), first.stream().map(OutboxRecord::id).toList(),
					second.stream().map(OutboxRecord::id).toList());
			assertThat(first).hasSize(2);
			assertThat(second).hasSize(2)
				.extracting(OutboxRecord::id)
				.doesNotContainAnyElementsOf(first.stream().map(OutboxRecord::id).toList());
		});
	}

	/**
	 * Many times ({@link #crashes()}): a transaction writes an event to the outbox and commits, and the application
	 * is killed right after the commit and before the publish (its relay stops once it claimed the row; every tenth time it stops
	 * after the broker confirmed the row and before marking it sent). A relay of another instance then recovers.
	 */
	@Test
	void killedAfterTheCommitAndBeforeThePublishLosesNothing() {
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
		for (int i = 0; i < crashes(); i++) {
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
		System.out.printf("Outbox crash test on " + database() + ": %d commits, killed %d times before the publish and %d times "
				+ "after the confirm and before marking sent; another instance's relay recovered %d rows; "
				+ "%d delivered, %d distinct, %d lost, %d duplicates, %d per-key order violations%n", crashes(),
				killedBeforePublish, killedAfterConfirm, recovered, total, received.size(), lost.size(), duplicates,
				orderViolations);
		assertThat(lost).isEmpty();
		assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(duplicates).isEqualTo(killedAfterConfirm);
		assertThat(orderViolations).isZero();
	}

	protected final OutboxPublishSink sink(JdbcOutboxStore store, Runnable committed) {
		return new OutboxPublishSink(store, this.application, "x-aggregate-id", Clock.systemUTC(), committed,
				this.channel::frameMax);
	}

	protected final RabbitMessagePublisher publisher(OutboxPublishSink sink) {
		return new RabbitMessagePublisher(this.channel, sink, new EnvelopeCodec(JsonMapper.builder().build()),
				new TypeRegistry(), List.of(), new PublisherSettings(Duration.ofSeconds(10), false,
						Duration.ofSeconds(30), true),
				Clock.systemUTC(), ObservationRegistry.NOOP);
	}

	private HikariDataSource pool(String name) {
		HikariDataSource pool = new HikariDataSource();
		pool.setPoolName("outbox-" + database().toLowerCase(Locale.ROOT) + "-" + name);
		pool.setJdbcUrl(jdbcUrl());
		pool.setUsername("mmate");
		pool.setPassword("mmate");
		pool.setMaximumPoolSize(4);
		return pool;
	}

	protected final void bindQueue() {
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
