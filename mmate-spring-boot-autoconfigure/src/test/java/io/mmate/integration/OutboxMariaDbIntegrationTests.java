package io.mmate.integration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
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
import org.junit.jupiter.api.Tag;
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
 * The outbox on a real MariaDB (10.6+, for {@code FOR UPDATE SKIP LOCKED}) and the real broker, on demand: test group
 * {@code mariadb}, excluded from the default build. The server is {@code scripts/mariadb.sh}'s (127.0.0.1:3306,
 * database, user and password {@code mmate}); the table is created by the store's initializer with
 * {@code schema-mysql.sql} and dropped before and after each test. Two "processes" share the database: the
 * application, whose relay is killed, and another instance, whose relay recovers; each has its own connection pool.
 * <p>
 * Run: {@code bash scripts/mariadb.sh up && ./mvnw -B -ntp -pl mmate-spring-boot-autoconfigure -am verify
 * -Dmmate.excluded-test-groups= -Dgroups=mariadb -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("mariadb")
class OutboxMariaDbIntegrationTests {

	static final String URL = "jdbc:mariadb://127.0.0.1:3306/mmate";

	static final String NO_DATABASE = "No MariaDB for the outbox tests: " + URL
			+ " (user mmate, password mmate) does not answer. Run: bash scripts/mariadb.sh up";

	private static final int CRASHES = 200;

	private static final int KEYS = 10;

	private static final OutboxRelaySettings SETTINGS = new OutboxRelaySettings(100, Duration.ofMillis(200),
			Duration.ofSeconds(10), Duration.ofDays(1), Duration.ofMinutes(1));

	private final String run = "mdb" + UUID.randomUUID().toString().substring(0, 8);

	private final String queue = "outbox-mariadb-" + this.run;

	private HikariDataSource application;

	private HikariDataSource otherInstance;

	private CachingConnectionFactory connectionFactory;

	private PublisherChannel channel;

	@BeforeEach
	void setUp() throws SQLException {
		dropTable();
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
		dropTable();
		IntegrationTestSupport.deleteQueues(this.queue);
	}

	private static void dropTable() {
		try (Connection connection = DriverManager.getConnection(URL, "mmate", "mmate")) {
			connection.createStatement().execute("DROP TABLE IF EXISTS " + JdbcOutboxStore.TABLE);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(NO_DATABASE, ex);
		}
	}

	@Test
	void theStoresInitializerCreatesTheTableWithTheMySqlScript() {
		JdbcTemplate jdbc = new JdbcTemplate(this.application);
		String product = jdbc.execute((Connection connection) -> connection.getMetaData().getDatabaseProductName());
		assertThat(JdbcOutboxStore.schemaScript(product)).isEqualTo("io/mmate/outbox/schema-mysql.sql");
		assertThat(jdbc.queryForObject("SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
				+ "AND TABLE_NAME = ?", String.class, JdbcOutboxStore.TABLE)).isEqualTo("InnoDB");
		assertThat(jdbc.queryForList("SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS WHERE "
				+ "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?", String.class, JdbcOutboxStore.TABLE))
			.contains("PRIMARY", "mmate_outbox_unsent");
		// Idempotent: a second instance starting against the same database runs the script again.
		new JdbcOutboxStore(new JdbcTemplate(this.otherInstance)).initializeSchema();
		System.out.printf("Outbox schema on %s %s: %s created table %s (InnoDB, index mmate_outbox_unsent)%n", product,
				jdbc.queryForObject("SELECT VERSION()", String.class), JdbcOutboxStore.schemaScript(product),
				JdbcOutboxStore.TABLE);
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
			System.out.printf("Outbox claims on MariaDB: the application's relay claimed rows %s, the other "
					+ "instance's relay skipped them and claimed %s%n", first.stream().map(OutboxRecord::id).toList(),
					second.stream().map(OutboxRecord::id).toList());
			assertThat(first).hasSize(2);
			assertThat(second).hasSize(2)
				.extracting(OutboxRecord::id)
				.doesNotContainAnyElementsOf(first.stream().map(OutboxRecord::id).toList());
		});
	}

	/**
	 * 200 times: a transaction writes an event to the outbox and commits, and the application is killed right after
	 * the commit and before the publish (its relay stops once it claimed the row; every tenth time it stops after the
	 * broker confirmed the row and before marking it sent). A relay of another instance then recovers.
	 */
	@Test
	void killedAfterTheCommitAndBeforeThePublishTwoHundredTimesLosesNothing() {
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
		System.out.printf("Outbox crash test on MariaDB: %d commits, killed %d times before the publish and %d times "
				+ "after the confirm and before marking sent; another instance's relay recovered %d rows; "
				+ "%d delivered, %d distinct, %d lost, %d duplicates, %d per-key order violations%n", CRASHES,
				killedBeforePublish, killedAfterConfirm, recovered, total, received.size(), lost.size(), duplicates,
				orderViolations);
		assertThat(lost).isEmpty();
		assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(duplicates).isEqualTo(killedAfterConfirm);
		assertThat(orderViolations).isZero();
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
		pool.setPoolName("outbox-mariadb-" + name);
		pool.setJdbcUrl(URL);
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
