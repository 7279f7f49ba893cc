package io.mmate.stageflow;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.mmate.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDBC workflow status store on a real database, whatever the database: two instances of a service share it,
 * each with its own connection pool and store. A subclass says where the database is and how a test gets a table of
 * its own there.
 */
abstract class AbstractJdbcWorkflowStatusStoreTests {

	static final String USER = "mmate";

	static final String PASSWORD = "mmate";

	static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	protected final String run = UUID.randomUUID().toString().substring(0, 8);

	private HikariDataSource application;

	private HikariDataSource otherInstance;

	private JdbcWorkflowStatusStore store;

	private JdbcWorkflowStatusStore otherStore;

	/**
	 * The JDBC URL the two pools connect with, to the table of this test.
	 * @return the URL
	 */
	protected abstract String jdbcUrl();

	/**
	 * The URL of the database, for the connections of {@link #isolate} and {@link #cleanUp}.
	 * @return the URL
	 */
	protected abstract String databaseUrl();

	/**
	 * Give this test a table of its own: a schema, a database, or no table yet.
	 * @param connection a connection as the test user
	 * @throws SQLException when the database refuses
	 */
	protected abstract void isolate(Connection connection) throws SQLException;

	/**
	 * Remove what {@link #isolate(Connection)} and the tests made.
	 * @param connection a connection as the test user
	 * @throws SQLException when the database refuses
	 */
	protected abstract void cleanUp(Connection connection) throws SQLException;

	/**
	 * What to run when the database does not answer.
	 * @return the message
	 */
	protected abstract String noDatabase();

	@BeforeEach
	void setUp() {
		try (Connection connection = DriverManager.getConnection(databaseUrl(), USER, PASSWORD)) {
			isolate(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(noDatabase(), ex);
		}
		this.application = pool("application");
		this.otherInstance = pool("other-instance");
		this.store = store(this.application, NOW);
		this.otherStore = store(this.otherInstance, NOW.plusSeconds(1));
		// Both instances start with the schema switch on: the script runs twice.
		this.store.initializeSchema();
		this.otherStore.initializeSchema();
	}

	@AfterEach
	void tearDown() throws SQLException {
		if (this.application != null) {
			this.application.close();
			this.otherInstance.close();
		}
		try (Connection connection = DriverManager.getConnection(databaseUrl(), USER, PASSWORD)) {
			cleanUp(connection);
		}
	}

	@Test
	void anInstanceRunsFromStartedThroughItsStagesToCompleted() {
		String instance = instance("completes");
		this.store.started("order-fulfilment", instance, 3);
		assertThat(this.store.find(instance)).contains(new WorkflowStatus("order-fulfilment", instance, "running", 0,
				3, null, 1, NOW));
		this.store.record(stageCompleted(instance, 2, 1, 3));
		assertThat(this.store.find(instance)).get()
			.satisfies((status) -> assertThat(status.status()).isEqualTo("running"))
			.satisfies((status) -> assertThat(status.completedStages()).isEqualTo(1))
			.satisfies((status) -> assertThat(status.sequence()).isEqualTo(2));
		this.store.record(stageCompleted(instance, 3, 2, 3));
		this.store.record(stageCompleted(instance, 4, 3, 3));
		this.store.record(completed(instance, 5, 3));
		assertThat(this.store.find(instance)).contains(new WorkflowStatus("order-fulfilment", instance, "completed", 3,
				3, null, 5, NOW));
	}

	@Test
	void aFailedInstanceIsCompensatedAndKeepsItsStagesAndError() {
		String instance = instance("compensates");
		this.store.started("order-fulfilment", instance, 3);
		this.store.record(stageCompleted(instance, 2, 1, 3));
		this.store.record(failed(instance, 3, 1, 3, "card declined"));
		assertThat(this.store.find(instance)).contains(new WorkflowStatus("order-fulfilment", instance, "failed", 1, 3,
				"card declined", 3, NOW));
		this.store.record(compensated(instance, 4, "card declined"));
		assertThat(this.store.find(instance)).contains(new WorkflowStatus("order-fulfilment", instance, "compensated",
				1, 3, "card declined", 4, NOW));
	}

	@Test
	void aCompensationOfAnUnknownInstanceIsRecordedWithoutStages() {
		String instance = instance("compensated-only");
		this.store.record(compensated(instance, 6, "out of stock"));
		assertThat(this.store.find(instance)).contains(new WorkflowStatus("order-fulfilment", instance, "compensated",
				0, 0, "out of stock", 6, NOW));
	}

	@Test
	void anEventOlderThanTheStatusIsIgnored() {
		String instance = instance("stale");
		this.store.record(stageCompleted(instance, 3, 2, 3));
		// Started late, as when the first stage's event of another instance arrived before this instance's write.
		this.store.started("order-fulfilment", instance, 3);
		this.store.record(completed(instance, 5, 3));
		this.store.record(stageCompleted(instance, 4, 3, 3));
		this.store.record(failed(instance, 4, 2, 3, "late failure"));
		assertThat(this.store.find(instance)).contains(new WorkflowStatus("order-fulfilment", instance, "completed", 3,
				3, null, 5, NOW));
	}

	@Test
	void otherEventsAreIgnored() {
		String instance = instance("other");
		this.store.record(new OrderPlaced(instance));
		assertThat(this.store.find(instance)).isEmpty();
		assertThat(this.store.find(instance("never-started"))).isEmpty();
	}

	@Test
	void twoInstancesOfTheServiceSeeTheSameStatus() {
		String instance = instance("shared");
		this.store.started("order-fulfilment", instance, 2);
		assertThat(this.otherStore.find(instance)).isEqualTo(this.store.find(instance));
		this.otherStore.record(stageCompleted(instance, 2, 1, 2));
		this.otherStore.record(completed(instance, 3, 2));
		// The first instance's copy of an earlier event, recorded after the other's: ignored.
		this.store.record(stageCompleted(instance, 2, 1, 2));
		WorkflowStatus expected = new WorkflowStatus("order-fulfilment", instance, "completed", 2, 2, null, 3,
				NOW.plusSeconds(1));
		assertThat(this.store.find(instance)).contains(expected);
		assertThat(this.otherStore.find(instance)).contains(expected);
	}

	@Test
	void twoInstancesRecordingTheEventsOfManyInstancesAtOnceKeepTheNewestOfEach() {
		int instances = 20;
		int stages = 10;
		List<String> ids = new ArrayList<>();
		List<Event> events = new ArrayList<>();
		for (int i = 0; i < instances; i++) {
			String instance = instance("race-" + i);
			ids.add(instance);
			for (int stage = 1; stage <= stages; stage++) {
				events.add(stageCompleted(instance, stage + 1, stage, stages));
			}
			events.add(completed(instance, stages + 2, stages));
		}
		// Each store records every event, in an order of its own: both race to insert each row, and stale events
		// arrive after newer ones all the time.
		List<Event> first = new ArrayList<>(events);
		List<Event> second = new ArrayList<>(events);
		Collections.shuffle(first);
		Collections.shuffle(second);
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			List<CompletableFuture<Void>> writers = List.of(
					CompletableFuture.runAsync(() -> first.subList(0, first.size() / 2).forEach(this.store::record),
							executor),
					CompletableFuture.runAsync(
							() -> first.subList(first.size() / 2, first.size()).forEach(this.store::record), executor),
					CompletableFuture.runAsync(
							() -> second.subList(0, second.size() / 2).forEach(this.otherStore::record), executor),
					CompletableFuture.runAsync(() -> second.subList(second.size() / 2, second.size())
						.forEach(this.otherStore::record), executor));
			CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
		}
		finally {
			executor.shutdownNow();
		}
		for (String instance : ids) {
			assertThat(this.store.find(instance)).get().satisfies((status) -> {
				assertThat(status.status()).isEqualTo("completed");
				assertThat(status.completedStages()).isEqualTo(stages);
				assertThat(status.sequence()).isEqualTo(stages + 2);
			});
			assertThat(this.otherStore.find(instance)).isEqualTo(this.store.find(instance));
		}
	}

	@Test
	void aLongErrorIsCutToTheColumnsLength() {
		String instance = instance("long-error");
		String error = "x".repeat(JdbcWorkflowStatusStore.MAX_ERROR_LENGTH + 500);
		this.store.record(failed(instance, 2, 0, 1, error));
		assertThat(this.store.find(instance)).get()
			.satisfies((status) -> assertThat(status.error()).hasSize(JdbcWorkflowStatusStore.MAX_ERROR_LENGTH));
	}

	@Test
	void finishedInstancesAreDeletedAfterTheirTimeAndRunningOnesKept() {
		JdbcWorkflowStatusStore later = store(this.application, NOW.plus(Duration.ofHours(2)));
		String old = instance("old");
		String recent = instance("recent");
		String running = instance("running");
		this.store.record(completed(old, 3, 2));
		this.store.started("order-fulfilment", running, 2);
		later.record(completed(recent, 3, 2));
		assertThat(this.otherStore.deleteFinishedBefore(NOW.plus(Duration.ofHours(1)))).isOne();
		assertThat(this.store.find(old)).isEmpty();
		assertThat(this.store.find(recent)).isPresent();
		assertThat(this.store.find(running)).isPresent();
	}

	@Test
	void theSchemaScriptIsTheDatabasesOwn() {
		String product = new JdbcTemplate(this.application)
			.execute((Connection connection) -> connection.getMetaData().getDatabaseProductName());
		assertThat(JdbcWorkflowStatusStore.schemaScript(product)).isEqualTo(expectedScript());
	}

	/**
	 * The schema script of this database.
	 * @return the class path location
	 */
	protected abstract String expectedScript();

	private String instance(String name) {
		return this.run + "-" + name;
	}

	private HikariDataSource pool(String name) {
		HikariDataSource pool = new HikariDataSource();
		pool.setPoolName("workflow-status-" + name + "-" + this.run);
		pool.setJdbcUrl(jdbcUrl());
		pool.setUsername(USER);
		pool.setPassword(PASSWORD);
		pool.setMaximumPoolSize(4);
		return pool;
	}

	private static JdbcWorkflowStatusStore store(HikariDataSource dataSource, Instant now) {
		return new JdbcWorkflowStatusStore(new JdbcTemplate(dataSource), Clock.fixed(now, ZoneOffset.UTC));
	}

	static StageCompletedEvent stageCompleted(String instance, long sequence, int currentStage, int totalStages) {
		return new StageCompletedEvent(instance, sequence, "stageflow", "order-fulfilment", instance,
				"stage-" + currentStage, currentStage - 1, "stage-" + currentStage, "completed", NOW, NOW,
				Duration.ZERO, Map.of(), null, currentStage, totalStages);
	}

	static WorkflowCompletedEvent completed(String instance, long sequence, int stages) {
		return new WorkflowCompletedEvent(instance, sequence, "stageflow", "order-fulfilment", "Order fulfilment",
				instance, "completed", NOW, NOW, Duration.ZERO, stages, stages, 0, 0, List.of(), Map.of(), null, null);
	}

	static WorkflowFailedEvent failed(String instance, long sequence, int completedStages, int totalStages,
			String error) {
		return new WorkflowFailedEvent(instance, sequence, "stageflow", "order-fulfilment", "Order fulfilment",
				instance, "stage-" + (completedStages + 1), completedStages, error, NOW, NOW, Duration.ZERO,
				completedStages, totalStages, List.of(), Map.of(), false, null);
	}

	static WorkflowCompensatedEvent compensated(String instance, long sequence, String originalError) {
		return new WorkflowCompensatedEvent(instance, sequence, "stageflow", "order-fulfilment", "Order fulfilment",
				instance, originalError, NOW, NOW, NOW, Duration.ZERO, 1, 1, 0, 0, List.of(), 1, Map.of());
	}

	record OrderPlaced(String orderId) implements Event {

		@Override
		public String aggregateId() {
			return this.orderId;
		}

	}

}
