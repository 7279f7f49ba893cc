package io.mmate.integration;

import java.sql.Connection;
import java.sql.SQLException;

import io.mmate.outbox.JdbcOutboxStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox on a real MariaDB (10.6+, for {@code FOR UPDATE SKIP LOCKED}) and the real broker, on demand: test group
 * {@code mariadb}, excluded from the default build. The server is {@code scripts/mariadb.sh}'s (127.0.0.1:3306,
 * database, user and password {@code mmate}); the table is created by the store's initializer with
 * {@code schema-mysql.sql} and dropped before and after each test: the test user may create no database of its own.
 * <p>
 * Run: {@code bash scripts/mariadb.sh up && ./mvnw -B -ntp -pl mmate-spring-boot-autoconfigure -am verify
 * -Dmmate.excluded-test-groups= -Dgroups=mariadb -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("mariadb")
class OutboxMariaDbIntegrationTests extends AbstractOutboxDatabaseIntegrationTests {

	static final String URL = "jdbc:mariadb://127.0.0.1:3306/mmate";

	@Override
	protected String database() {
		return "MariaDB";
	}

	@Override
	protected String databaseUrl() {
		return URL;
	}

	@Override
	protected String jdbcUrl() {
		return URL;
	}

	@Override
	protected int crashes() {
		return 200;
	}

	@Override
	protected String noDatabase() {
		return "No MariaDB for the outbox tests: " + URL
				+ " (user mmate, password mmate) does not answer. Run: bash scripts/mariadb.sh up";
	}

	@Override
	protected void isolate(Connection connection) throws SQLException {
		dropTable(connection);
	}

	@Override
	protected void cleanUp(Connection connection) throws SQLException {
		dropTable(connection);
	}

	private static void dropTable(Connection connection) throws SQLException {
		connection.createStatement().execute("DROP TABLE IF EXISTS " + JdbcOutboxStore.TABLE);
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

}
