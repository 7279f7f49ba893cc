package io.mmate.stageflow;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.Tag;

/**
 * The JDBC workflow status store on a real MariaDB, on demand: test group {@code mariadb}, excluded from the default
 * build. The server is {@code scripts/mariadb.sh}'s (127.0.0.1:3306, database, user and password {@code mmate}); the
 * table is created by the store's initializer with {@code schema-mysql.sql} and dropped before and after each test:
 * the test user may create no database of its own.
 * <p>
 * Run: {@code bash scripts/mariadb.sh up && ./mvnw -B -ntp -pl mmate-spring-boot-autoconfigure -am verify
 * -Dmmate.excluded-test-groups= -Dgroups=mariadb -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("mariadb")
class JdbcWorkflowStatusStoreMariaDbIntegrationTests extends AbstractJdbcWorkflowStatusStoreTests {

	static final String URL = "jdbc:mariadb://127.0.0.1:3306/mmate";

	@Override
	protected String databaseUrl() {
		return URL;
	}

	@Override
	protected String jdbcUrl() {
		return URL;
	}

	@Override
	protected void isolate(Connection connection) throws SQLException {
		dropTable(connection);
	}

	@Override
	protected void cleanUp(Connection connection) throws SQLException {
		dropTable(connection);
	}

	@Override
	protected String noDatabase() {
		return "No MariaDB for the workflow status store tests: " + URL
				+ " (user mmate, password mmate) does not answer. Run: bash scripts/mariadb.sh up";
	}

	@Override
	protected String expectedScript() {
		return "io/mmate/stageflow/schema-mysql.sql";
	}

	private static void dropTable(Connection connection) throws SQLException {
		connection.createStatement().execute("DROP TABLE IF EXISTS " + JdbcWorkflowStatusStore.TABLE);
	}

}
