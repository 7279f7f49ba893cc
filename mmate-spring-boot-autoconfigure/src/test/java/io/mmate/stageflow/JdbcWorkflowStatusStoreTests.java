package io.mmate.stageflow;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The JDBC workflow status store on an in-memory H2 database of its own, created by the first connection and dropped
 * afterwards.
 */
class JdbcWorkflowStatusStoreTests extends AbstractJdbcWorkflowStatusStoreTests {

	private final String url = "jdbc:h2:mem:workflow-status-" + this.run + ";DB_CLOSE_DELAY=-1";

	@Override
	protected String jdbcUrl() {
		return this.url;
	}

	@Override
	protected String databaseUrl() {
		return this.url;
	}

	@Override
	protected void isolate(Connection connection) {
		// The database is new.
	}

	@Override
	protected void cleanUp(Connection connection) throws SQLException {
		connection.createStatement().execute("SHUTDOWN");
	}

	@Override
	protected String noDatabase() {
		return "H2 could not create the in-memory database " + this.url;
	}

	@Override
	protected String expectedScript() {
		return "io/mmate/stageflow/schema-h2.sql";
	}

}
