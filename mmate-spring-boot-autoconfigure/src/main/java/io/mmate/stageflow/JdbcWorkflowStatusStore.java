package io.mmate.stageflow;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import io.mmate.Event;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * A {@link WorkflowStatusStore} in the table {@value #TABLE} of the application's database: shared by every instance
 * of the service, and kept across restarts. A row changes only with a conditional update to a status of the same or a
 * higher version, so that instances recording the events of one workflow instance in any order, at the same time,
 * agree on its newest status; the first write of an instance inserts its row, and an insert that loses the race to
 * another instance's becomes that conditional update. The schema scripts are
 * {@code io/mmate/stageflow/schema-{postgresql,h2,mysql}.sql} on the class path. Rows are kept until
 * {@link #deleteFinishedBefore(Instant)} deletes them.
 */
public class JdbcWorkflowStatusStore implements WorkflowStatusStore {

	/** The table's name. */
	public static final String TABLE = "mmate_workflow_status";

	/** The longest error kept; the column holds no more. */
	public static final int MAX_ERROR_LENGTH = 4000;

	private static final String INSERT = "INSERT INTO " + TABLE + " (instance_id, workflow_id, status, "
			+ "completed_stages, total_stages, error, version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String UPDATE = "UPDATE " + TABLE + " SET workflow_id = ?, status = ?, completed_stages = ?, "
			+ "total_stages = ?, error = ?, version = ?, updated_at = ? WHERE instance_id = ? AND version <= ?";

	// A compensated event does not carry the stages: the row keeps those of the failure.
	private static final String UPDATE_KEEPING_STAGES = "UPDATE " + TABLE + " SET workflow_id = ?, status = ?, "
			+ "error = ?, version = ?, updated_at = ? WHERE instance_id = ? AND version <= ?";

	private static final String SELECT = "SELECT instance_id, workflow_id, status, completed_stages, total_stages, "
			+ "error, version, updated_at FROM " + TABLE + " WHERE instance_id = ?";

	private final JdbcTemplate jdbc;

	private final Clock clock;

	// Chosen on first use, by the database product.
	private volatile String insertSql;

	/**
	 * Create a store.
	 * @param jdbc the JDBC template of the application's data source
	 * @param clock the clock
	 */
	public JdbcWorkflowStatusStore(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Create the table and its index when they are missing, with the script for the database's product: PostgreSQL,
	 * H2, MySQL or MariaDB.
	 */
	public void initializeSchema() {
		new ResourceDatabasePopulator(new ClassPathResource(schemaScript(product()))).execute(dataSource());
	}

	/**
	 * The class path location of the schema script for a database product.
	 * @param product the product name, as {@link DatabaseMetaData#getDatabaseProductName()} says it
	 * @return the script's location
	 * @throws IllegalStateException for a product without a script
	 */
	public static String schemaScript(String product) {
		String dialect = dialect(product);
		if (dialect == null) {
			throw new IllegalStateException("No workflow status schema script for database '" + product
					+ "': create table " + TABLE + " yourself, after io/mmate/stageflow/schema-postgresql.sql, and "
					+ "set mmate.stageflow.initialize-schema=false");
		}
		return "io/mmate/stageflow/schema-" + dialect + ".sql";
	}

	@Override
	public void started(String workflowId, String instanceId, int totalStages) {
		write(new WorkflowStatus(workflowId, instanceId, "running", 0, totalStages, null, 1, this.clock.instant()),
				false);
	}

	@Override
	public void record(Event event) {
		Instant now = this.clock.instant();
		if (event instanceof StageCompletedEvent stage) {
			write(new WorkflowStatus(stage.workflowId(), stage.instanceId(), "running", stage.currentStage(),
					stage.totalStages(), null, stage.sequence(), now), false);
		}
		else if (event instanceof WorkflowCompletedEvent completed) {
			write(new WorkflowStatus(completed.workflowId(), completed.instanceId(), "completed",
					completed.completedStages(), completed.totalStages(), null, completed.sequence(), now), false);
		}
		else if (event instanceof WorkflowFailedEvent failed) {
			write(new WorkflowStatus(failed.workflowId(), failed.instanceId(), "failed", failed.completedStages(),
					failed.totalStages(), failed.error(), failed.sequence(), now), false);
		}
		else if (event instanceof WorkflowCompensatedEvent compensated) {
			write(new WorkflowStatus(compensated.workflowId(), compensated.instanceId(), "compensated", 0, 0,
					compensated.originalError(), compensated.sequence(), now), true);
		}
	}

	@Override
	public Optional<WorkflowStatus> find(String instanceId) {
		List<WorkflowStatus> found = this.jdbc.query(SELECT, this::status, instanceId);
		return found.stream().findFirst();
	}

	/**
	 * Delete the instances that finished (completed, failed or compensated) before an instant; running instances are
	 * kept, however old.
	 * @param before the instant
	 * @return how many were deleted
	 */
	public int deleteFinishedBefore(Instant before) {
		return this.jdbc.update("DELETE FROM " + TABLE + " WHERE status <> 'running' AND updated_at < ?",
				Timestamp.from(before));
	}

	private void write(WorkflowStatus status, boolean keepStages) {
		if (update(status, keepStages) == 0 && !insert(status)) {
			// Another instance inserted the row since: update it as any other, if this status is not older.
			update(status, keepStages);
		}
	}

	private int update(WorkflowStatus status, boolean keepStages) {
		Timestamp updated = Timestamp.from(status.updated());
		String error = bounded(status.error());
		if (keepStages) {
			return this.jdbc.update(UPDATE_KEEPING_STAGES, status.workflowId(), status.status(), error,
					status.sequence(), updated, status.instanceId(), status.sequence());
		}
		return this.jdbc.update(UPDATE, status.workflowId(), status.status(), status.completedStages(),
				status.totalStages(), error, status.sequence(), updated, status.instanceId(), status.sequence());
	}

	private boolean insert(WorkflowStatus status) {
		try {
			return this.jdbc.update(insertStatement(), status.instanceId(), status.workflowId(), status.status(),
					status.completedStages(), status.totalStages(), bounded(status.error()), status.sequence(),
					Timestamp.from(status.updated())) > 0;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	// On PostgreSQL a failed statement spoils the transaction it runs in, so a conflict must not be an error there;
	// elsewhere the duplicate key is caught.
	private String insertStatement() {
		String statement = this.insertSql;
		if (statement == null) {
			statement = "postgresql".equals(dialect(product())) ? INSERT + " ON CONFLICT (instance_id) DO NOTHING"
					: INSERT;
			this.insertSql = statement;
		}
		return statement;
	}

	private WorkflowStatus status(ResultSet rs, int row) throws SQLException {
		return new WorkflowStatus(rs.getString("workflow_id"), rs.getString("instance_id"), rs.getString("status"),
				rs.getInt("completed_stages"), rs.getInt("total_stages"), rs.getString("error"),
				rs.getLong("version"), rs.getTimestamp("updated_at").toInstant());
	}

	private String product() {
		try {
			return JdbcUtils.extractDatabaseMetaData(dataSource(), DatabaseMetaData::getDatabaseProductName);
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("Could not read the database product of the workflow status store", ex);
		}
	}

	private DataSource dataSource() {
		DataSource dataSource = this.jdbc.getDataSource();
		if (dataSource == null) {
			throw new IllegalStateException("The JdbcTemplate of the workflow status store has no DataSource");
		}
		return dataSource;
	}

	private static String dialect(String product) {
		String name = String.valueOf(product).toLowerCase(Locale.ROOT);
		return name.contains("postgres") ? "postgresql" : name.contains("h2") ? "h2"
				: (name.contains("mysql") || name.contains("mariadb")) ? "mysql" : null;
	}

	private static String bounded(String error) {
		return (error != null && error.length() > MAX_ERROR_LENGTH) ? error.substring(0, MAX_ERROR_LENGTH) : error;
	}

}
