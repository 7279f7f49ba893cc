package io.mmate.integration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.mmate.PermanentFailureException;
import io.mmate.autoconfigure.MmateStageFlowAutoConfiguration;
import io.mmate.stageflow.InMemoryWorkflowStatusStore;
import io.mmate.stageflow.JdbcWorkflowStatusStore;
import io.mmate.stageflow.StageFlowQueues;
import io.mmate.stageflow.Workflow;
import io.mmate.stageflow.WorkflowRunner;
import io.mmate.stageflow.WorkflowStatus;
import io.mmate.stageflow.WorkflowStatusStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * StageFlow on the real broker with its status store chosen by {@code mmate.stageflow.status-store}: with
 * {@code jdbc}, the statuses of the instances the engine runs are in the real PostgreSQL of
 * {@code scripts/postgres.sh} (127.0.0.1:5432, database, user and password {@code mmate}), in a schema of its own
 * dropped afterwards, where another instance of the service reads them; the choice of store on H2.
 */
class StageFlowJdbcStatusStoreIntegrationTests {

	static final String URL = "jdbc:postgresql://127.0.0.1:5432/mmate";

	static final String WORKFLOW = "jdbc-status-" + UUID.randomUUID().toString().substring(0, 8);

	private final String service = IntegrationTestSupport.uniqueServiceName("stageflow-jdbc-status-it");

	private final String schema = "stageflow_status_test_" + UUID.randomUUID().toString().substring(0, 8);

	private final List<HikariDataSource> pools = new ArrayList<>();

	@BeforeEach
	void createSchema() {
		try (Connection connection = DriverManager.getConnection(URL, "mmate", "mmate")) {
			connection.createStatement().execute("CREATE SCHEMA " + this.schema);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("No PostgreSQL for the StageFlow status store tests: " + URL
					+ " (user mmate, password mmate) does not answer. Run: bash scripts/postgres.sh up", ex);
		}
	}

	@AfterEach
	void dropSchema() throws SQLException {
		this.pools.forEach(HikariDataSource::close);
		try (Connection connection = DriverManager.getConnection(URL, "mmate", "mmate")) {
			connection.createStatement().execute("DROP SCHEMA IF EXISTS " + this.schema + " CASCADE");
		}
	}

	@AfterAll
	static void deleteQueues() {
		List<String> queues = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			queues.add(StageFlowQueues.stage(WORKFLOW, i));
		}
		queues.add(StageFlowQueues.compensation(WORKFLOW));
		List<String> all = new ArrayList<>(queues);
		queues.forEach((queue) -> all.add(StageFlowQueues.deadLetter(queue)));
		IntegrationTestSupport.deleteQueues(all.toArray(String[]::new));
	}

	private ApplicationContextRunner runner() {
		return IntegrationTestSupport.runner()
			.withConfiguration(
					AutoConfigurations.of(JdbcTemplateAutoConfiguration.class, MmateStageFlowAutoConfiguration.class))
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.retry.initial-backoff=10ms")
			.withUserConfiguration(Shipping.class);
	}

	@Test
	void theStatusesOfInstancesThatCompleteOrAreCompensatedAreInTheDatabaseForEveryInstanceOfTheService() {
		runner().withBean(DataSource.class, () -> pool("application"))
			.withPropertyValues("mmate.stageflow.status-store=jdbc", "mmate.stageflow.initialize-schema=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(WorkflowStatusStore.class)).isInstanceOf(JdbcWorkflowStatusStore.class);
				WorkflowRunner runner = context.getBean(WorkflowRunner.class);
				@SuppressWarnings("unchecked")
				Workflow<Parcel> workflow = context.getBean(Workflow.class);
				String shipped = runner.start(workflow, new Parcel("P-1", false)).instanceId();
				String lost = runner.start(workflow, new Parcel("P-2", true)).instanceId();
				// Another instance of the service, with its own pool, reads what this one's engine recorded.
				JdbcWorkflowStatusStore otherInstance = new JdbcWorkflowStatusStore(
						new JdbcTemplate(pool("other-instance")), Clock.systemUTC());
				await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					assertThat(otherInstance.find(shipped)).get().satisfies((status) -> {
						assertThat(status.workflowId()).isEqualTo(WORKFLOW);
						assertThat(status.status()).isEqualTo("completed");
						assertThat(status.completedStages()).isEqualTo(2);
						assertThat(status.totalStages()).isEqualTo(2);
						assertThat(status.error()).isNull();
					});
					assertThat(otherInstance.find(lost)).get().satisfies((status) -> {
						assertThat(status.status()).isEqualTo("compensated");
						assertThat(status.completedStages()).isEqualTo(1);
						assertThat(status.totalStages()).isEqualTo(2);
						assertThat(status.error()).contains("no carrier for P-2");
					});
				});
				WorkflowStatus read = otherInstance.find(shipped).orElseThrow();
				assertThat(context.getBean(WorkflowStatusStore.class).find(shipped)).contains(read);
			});
	}

	@Test
	void theStatusStoreIsInMemoryByDefaultEvenWithADataSource() {
		runner().withBean(DataSource.class, StageFlowJdbcStatusStoreIntegrationTests::h2).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(WorkflowStatusStore.class)).isInstanceOf(InMemoryWorkflowStatusStore.class);
		});
	}

	@Test
	void theJdbcStatusStoreCreatesNoTableUnlessAsked() {
		runner().withBean(DataSource.class, StageFlowJdbcStatusStoreIntegrationTests::h2)
			.withPropertyValues("mmate.stageflow.status-store=jdbc")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(JdbcWorkflowStatusStore.class);
				assertThat(context.getBean(JdbcTemplate.class)
					.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = ?",
							Integer.class, "MMATE_WORKFLOW_STATUS"))
					.isZero();
			});
	}

	@Test
	void aStatusStoreOfTheApplicationWins() {
		WorkflowStatusStore own = new InMemoryWorkflowStatusStore(10, Clock.systemUTC());
		runner().withBean("ownStore", WorkflowStatusStore.class, () -> own)
			.withPropertyValues("mmate.stageflow.status-store=jdbc")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(WorkflowStatusStore.class)).isSameAs(own);
			});
	}

	private HikariDataSource pool(String name) {
		HikariDataSource pool = new HikariDataSource();
		pool.setPoolName("stageflow-status-" + name);
		pool.setJdbcUrl(URL + "?currentSchema=" + this.schema);
		pool.setUsername("mmate");
		pool.setPassword("mmate");
		pool.setMaximumPoolSize(4);
		this.pools.add(pool);
		return pool;
	}

	private static DataSource h2() {
		return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
			.setName("stageflow-status-" + UUID.randomUUID())
			.build();
	}

	record Parcel(String parcelId, boolean lost) {
	}

	/**
	 * A workflow of two stages whose second fails for good for a lost parcel, so that the first is compensated.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Shipping {

		@Bean
		Workflow<Parcel> shipping() {
			return Workflow.define(WORKFLOW, Parcel.class)
				.stage("pack", (parcel, context) -> parcel, (parcel, original, context) -> {
				})
				.stage("ship", (parcel, context) -> {
					if (parcel.lost()) {
						throw new PermanentFailureException("no carrier for " + parcel.parcelId());
					}
					return parcel;
				})
				.build();
		}

	}

}
