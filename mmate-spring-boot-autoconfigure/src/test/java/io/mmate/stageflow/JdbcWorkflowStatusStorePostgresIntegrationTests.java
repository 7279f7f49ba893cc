package io.mmate.stageflow;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The JDBC workflow status store on the real PostgreSQL of {@code scripts/postgres.sh} (127.0.0.1:5432, database,
 * user and password {@code mmate}), in a schema of its own that is dropped afterwards.
 */
class JdbcWorkflowStatusStorePostgresIntegrationTests extends AbstractJdbcWorkflowStatusStoreTests {

	static final String URL = "jdbc:postgresql://127.0.0.1:5432/mmate";

	private final String schema = "workflow_status_test_" + this.run.replace('-', '_');

	@Override
	protected String databaseUrl() {
		return URL;
	}

	@Override
	protected String jdbcUrl() {
		return URL + "?currentSchema=" + this.schema;
	}

	@Override
	protected void isolate(Connection connection) throws SQLException {
		connection.createStatement().execute("CREATE SCHEMA " + this.schema);
	}

	@Override
	protected void cleanUp(Connection connection) throws SQLException {
		connection.createStatement().execute("DROP SCHEMA IF EXISTS " + this.schema + " CASCADE");
	}

	@Override
	protected String noDatabase() {
		return "No PostgreSQL for the workflow status store tests: " + URL
				+ " (user mmate, password mmate) does not answer. Run: bash scripts/postgres.sh up";
	}

	@Override
	protected String expectedScript() {
		return "io/mmate/stageflow/schema-postgresql.sql";
	}

}
