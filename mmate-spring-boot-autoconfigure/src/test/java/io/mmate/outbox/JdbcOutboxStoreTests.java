package io.mmate.outbox;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The outbox table on H2: what goes in comes out, and a claimed row is not claimed again while its transaction runs.
 */
class JdbcOutboxStoreTests {

	private final DataSource dataSource = OutboxTestSupport.h2();

	private final JdbcOutboxStore store = OutboxTestSupport.store(this.dataSource);

	private final TransactionTemplate transactions = new TransactionTemplate(
			new DataSourceTransactionManager(this.dataSource));

	@Test
	void aRowKeepsItsPropertiesAndBody() {
		Date timestamp = new Date(1_700_000_000_000L);
		AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().messageId("m-1")
			.type("OrderPlaced")
			.contentType("application/json")
			.deliveryMode(2)
			.priority(3)
			.correlationId("c-1")
			.replyTo("r-1")
			.expiration("60000")
			.timestamp(timestamp)
			.headers(Map.of("x-aggregate-id", "order-1", "count", 7, "amount", new BigDecimal("1.50"), "nested",
					Map.of("flag", true), "list", List.of("a", 1L)))
			.build();
		byte[] body = "{\"orderId\":\"order-1\"}".getBytes();
		this.store.initializeSchema();
		this.store.insert("m-1", "mmate.events", "evt.order-1.OrderPlaced", true, "order-1", properties, body,
				Instant.parse("2026-01-01T00:00:00Z"));
		List<OutboxRecord> claimed = this.transactions.execute((status) -> this.store.claim(10));
		assertThat(claimed).hasSize(1);
		OutboxRecord row = claimed.get(0);
		assertThat(row.messageId()).isEqualTo("m-1");
		assertThat(row.exchange()).isEqualTo("mmate.events");
		assertThat(row.routingKey()).isEqualTo("evt.order-1.OrderPlaced");
		assertThat(row.mandatory()).isTrue();
		assertThat(row.orderingKey()).isEqualTo("order-1");
		assertThat(row.body()).isEqualTo(body);
		assertThat(row.createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
		AMQP.BasicProperties read = row.properties();
		assertThat(read.getMessageId()).isEqualTo("m-1");
		assertThat(read.getType()).isEqualTo("OrderPlaced");
		assertThat(read.getContentType()).isEqualTo("application/json");
		assertThat(read.getDeliveryMode()).isEqualTo(2);
		assertThat(read.getPriority()).isEqualTo(3);
		assertThat(read.getCorrelationId()).isEqualTo("c-1");
		assertThat(read.getReplyTo()).isEqualTo("r-1");
		assertThat(read.getExpiration()).isEqualTo("60000");
		assertThat(read.getTimestamp()).isEqualTo(timestamp);
		// As a consumer receives them: strings as LongString, the other values as they were.
		assertThat(read.getHeaders().get("x-aggregate-id")).isInstanceOf(LongString.class)
			.hasToString("order-1");
		assertThat(read.getHeaders()).containsEntry("count", 7).containsEntry("amount", new BigDecimal("1.50"));
		assertThat(read.getHeaders().get("nested")).isInstanceOf(Map.class);
	}

	@Test
	void aClaimedRowIsSkippedByOtherTransactionsUntilItsTransactionEnds() throws Exception {
		for (int i = 0; i < 4; i++) {
			OutboxTestSupport.insert(this.store, "m-" + i, "key-" + i);
		}
		CountDownLatch claimed = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<List<OutboxRecord>> first = CompletableFuture
			.supplyAsync(() -> this.transactions.execute((status) -> {
				List<OutboxRecord> rows = this.store.claim(2);
				claimed.countDown();
				await(release);
				return rows;
			}));
		assertThat(claimed.await(10, TimeUnit.SECONDS)).isTrue();
		List<OutboxRecord> second = this.transactions.execute((status) -> this.store.claim(10));
		release.countDown();
		assertThat(first.get(10, TimeUnit.SECONDS)).extracting(OutboxRecord::messageId).containsExactly("m-0", "m-1");
		// H2 locks every row the query reads before it applies the limit, so here the second transaction finds none;
		// PostgreSQL hands it m-2 and m-3 (OutboxPostgresIntegrationTests). Either way no row is claimed twice.
		assertThat(second).extracting(OutboxRecord::messageId).doesNotContain("m-0", "m-1");
		List<OutboxRecord> afterwards = this.transactions.execute((status) -> this.store.claim(10));
		assertThat(afterwards).hasSize(4);
	}

	@Test
	void sentRowsLeaveTheBacklogAndAreDeletedAfterTheRetention() {
		OutboxTestSupport.insert(this.store, "m-1", "a");
		OutboxTestSupport.insert(this.store, "m-2", "a");
		assertThat(this.store.backlog().pending()).isEqualTo(2);
		List<OutboxRecord> rows = this.transactions.execute((status) -> this.store.claim(10));
		this.store.markSent(List.of(rows.get(0).id()), Instant.now().minusSeconds(3600), true);
		assertThat(this.store.backlog().pending()).isEqualTo(1);
		assertThat(this.store.deleteSentBefore(Instant.now().minusSeconds(7200))).isZero();
		assertThat(this.store.deleteSentBefore(Instant.now())).isOne();
		this.store.markSent(List.of(rows.get(1).id()), Instant.now(), false);
		assertThat(this.store.backlog()).isEqualTo(new OutboxBacklog(0, null));
	}

	@Test
	void eachDatabaseHasItsScript() {
		assertThat(JdbcOutboxStore.schemaScript("PostgreSQL")).isEqualTo("io/mmate/outbox/schema-postgresql.sql");
		assertThat(JdbcOutboxStore.schemaScript("H2")).isEqualTo("io/mmate/outbox/schema-h2.sql");
		assertThat(JdbcOutboxStore.schemaScript("MySQL")).isEqualTo("io/mmate/outbox/schema-mysql.sql");
		assertThat(JdbcOutboxStore.schemaScript("MariaDB")).isEqualTo("io/mmate/outbox/schema-mysql.sql");
		assertThatIllegalStateException().isThrownBy(() -> JdbcOutboxStore.schemaScript("Oracle"))
			.withMessageContaining("mmate.outbox.initialize-schema=false");
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
