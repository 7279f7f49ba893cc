package io.mmate.idempotency;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The inbox tests on the real PostgreSQL of {@code scripts/postgres.sh}, in a schema of their own that is dropped
 * afterwards. There a failed insert spoils its transaction, so a copy that records its id second must roll back rather
 * than fall back on an update.
 */
class InboxPostgresIntegrationTests extends InboxTests {

	private static final String URL = "jdbc:postgresql://127.0.0.1:5432/mmate";

	private String schema;

	@Override
	protected DataSource createDataSource() {
		this.schema = "inbox_test_" + UUID.randomUUID().toString().substring(0, 8);
		try (Connection connection = DriverManager.getConnection(URL, "mmate", "mmate")) {
			connection.createStatement().execute("CREATE SCHEMA " + this.schema);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("No PostgreSQL for the inbox tests: " + URL + " (user mmate, password "
					+ "mmate) does not answer. Run: bash scripts/postgres.sh up", ex);
		}
		return new DriverManagerDataSource(URL + "?currentSchema=" + this.schema, "mmate", "mmate");
	}

	@AfterEach
	void dropSchema() throws SQLException {
		try (Connection connection = DriverManager.getConnection(URL, "mmate", "mmate")) {
			connection.createStatement().execute("DROP SCHEMA IF EXISTS " + this.schema + " CASCADE");
		}
	}

}
