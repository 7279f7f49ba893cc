package io.mmate.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.rabbitmq.client.AMQP;
import io.mmate.PublishException;
import io.mmate.PublishReceipt;
import io.mmate.publish.PublishSink;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay on H2 with a broker whose confirms the test gives: order per key, failures, rows held elsewhere.
 */
class OutboxRelayTests {

	private final DataSource dataSource = OutboxTestSupport.h2();

	private final JdbcOutboxStore store = OutboxTestSupport.store(this.dataSource);

	private final DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(
			this.dataSource);

	private final ControlledBroker broker = new ControlledBroker();

	private final OutboxRelay relay = new OutboxRelay(this.store, this.transactionManager, this.broker,
			OutboxTestSupport.SETTINGS, Clock.systemUTC());

	@Test
	void rowsOfOneKeyGoOneAfterTheOtherEachAfterTheConfirmOfThePrevious() {
		OutboxTestSupport.insert(this.store, "a-1", "a");
		OutboxTestSupport.insert(this.store, "b-1", "b");
		OutboxTestSupport.insert(this.store, "a-2", "a");
		OutboxTestSupport.insert(this.store, "a-3", "a");
		CompletableFuture<Integer> relayed = CompletableFuture.supplyAsync(this.relay::relayPending);
		// The first row of each key goes at once; a-2 waits for a-1's confirm.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.broker.sent.size() == 2);
		assertThat(this.broker.sent).containsExactlyInAnyOrder("a-1", "b-1");
		this.broker.confirm("b-1");
		this.broker.confirm("a-1");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.broker.sent.size() == 3);
		assertThat(this.broker.sent.get(2)).isEqualTo("a-2");
		this.broker.confirm("a-2");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.broker.sent.size() == 4);
		this.broker.confirm("a-3");
		assertThat(relayed.join()).isEqualTo(4);
		assertThat(this.store.backlog().pending()).isZero();
	}

	@Test
	void aFailedRowStaysWithTheRestOfItsKeyAndGoesAtTheNextAttempt() {
		OutboxTestSupport.insert(this.store, "a-1", "a");
		OutboxTestSupport.insert(this.store, "a-2", "a");
		OutboxTestSupport.insert(this.store, "b-1", "b");
		this.broker.failNext.put("a-1", true);
		this.broker.autoConfirm = true;
		assertThat(this.relay.relayPending()).isEqualTo(1);
		assertThat(this.broker.sent).containsExactlyInAnyOrder("a-1", "b-1");
		Map<String, Object> failed = new JdbcTemplate(this.dataSource)
			.queryForMap("SELECT attempts, last_error FROM mmate_outbox WHERE message_id = 'a-1'");
		assertThat(failed.get("ATTEMPTS")).isEqualTo(1);
		assertThat((String) failed.get("LAST_ERROR")).contains("nacked");
		assertThat(this.relay.relayPending()).isEqualTo(2);
		assertThat(this.broker.sent).containsExactly("a-1", "b-1", "a-1", "a-2").hasSize(4);
		assertThat(this.store.backlog().pending()).isZero();
	}

	@Test
	void aRowWhoseEarlierRowIsHeldElsewhereWaits() throws Exception {
		OutboxTestSupport.insert(this.store, "a-1", "a");
		OutboxTestSupport.insert(this.store, "a-2", "a");
		OutboxTestSupport.insert(this.store, "b-1", "b");
		this.broker.autoConfirm = true;
		long a1 = new JdbcTemplate(this.dataSource)
			.queryForObject("SELECT id FROM mmate_outbox WHERE message_id = 'a-1'", Long.class);
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		CompletableFuture<?> other = CompletableFuture.runAsync(() -> new TransactionTemplate(this.transactionManager)
			.executeWithoutResult((status) -> {
				// Another relay holds a-1.
				jdbc.queryForList("SELECT id FROM mmate_outbox WHERE id = ? FOR UPDATE", a1);
				held.countDown();
				awaitQuietly(release);
			}));
		assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
		this.relay.relayPending();
		assertThat(this.broker.sent).containsExactly("b-1");
		release.countDown();
		other.get(10, TimeUnit.SECONDS);
		this.relay.relayPending();
		assertThat(this.broker.sent).containsExactly("b-1", "a-1", "a-2");
	}

	@Test
	void aStartedRelayPublishesWhenWokenAndStops() {
		this.broker.autoConfirm = true;
		this.relay.start();
		try {
			OutboxTestSupport.insert(this.store, "a-1", "a");
			this.relay.wake();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.store.backlog().pending() == 0);
			assertThat(this.broker.sent).containsExactly("a-1");
		}
		finally {
			this.relay.stop();
		}
		assertThat(this.relay.isRunning()).isFalse();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Records what is published and confirms it when told, or at once.
	 */
	static final class ControlledBroker implements PublishSink {

		final List<String> sent = new CopyOnWriteArrayList<>();

		final Map<String, CompletableFuture<PublishReceipt>> unconfirmed = new ConcurrentHashMap<>();

		final Map<String, Boolean> failNext = new ConcurrentHashMap<>();

		volatile boolean autoConfirm;

		@Override
		public CompletableFuture<PublishReceipt> publish(String exchange, String routingKey, boolean mandatory,
				AMQP.BasicProperties properties, byte[] body, Duration confirmTimeout) {
			String id = properties.getMessageId();
			this.sent.add(id);
			if (this.failNext.remove(id) != null) {
				return CompletableFuture.failedFuture(new PublishException("nacked", exchange, routingKey, null));
			}
			PublishReceipt receipt = new PublishReceipt(id, exchange, routingKey);
			if (this.autoConfirm) {
				return CompletableFuture.completedFuture(receipt);
			}
			CompletableFuture<PublishReceipt> future = new CompletableFuture<>();
			this.unconfirmed.put(id, future);
			return future;
		}

		void confirm(String id) {
			CompletableFuture<PublishReceipt> future = this.unconfirmed.remove(id);
			future.complete(new PublishReceipt(id, "mmate.events", "evt"));
		}

	}

}
