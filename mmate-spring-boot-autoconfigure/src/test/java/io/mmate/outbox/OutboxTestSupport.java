package io.mmate.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.rabbitmq.client.AMQP;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;

/**
 * An outbox on a fresh in-memory H2 database, and rows to put in it.
 */
final class OutboxTestSupport {

	static final OutboxRelaySettings SETTINGS = new OutboxRelaySettings(100, Duration.ofMillis(50),
			Duration.ofSeconds(5), Duration.ofDays(1), Duration.ofMinutes(1));

	private OutboxTestSupport() {
	}

	static DataSource h2() {
		return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
			.setName("outbox-" + UUID.randomUUID())
			.build();
	}

	static JdbcOutboxStore store(DataSource dataSource) {
		JdbcOutboxStore store = new JdbcOutboxStore(new JdbcTemplate(dataSource));
		store.initializeSchema();
		return store;
	}

	static void insert(JdbcOutboxStore store, String messageId, String orderingKey) {
		AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().messageId(messageId)
			.headers(Map.of("x-aggregate-id", String.valueOf(orderingKey)))
			.build();
		store.insert(messageId, "mmate.events", "evt." + orderingKey, false, orderingKey, properties,
				("{\"id\":\"" + messageId + "\"}").getBytes(), Instant.now());
	}

}
