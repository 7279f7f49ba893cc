package io.mmate.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import io.mmate.MessageContext;
import io.mmate.MessageInterceptor;
import io.mmate.dispatch.HandlerRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The inbox on H2: a handler's database work and its message id commit together. The process "dies" after the
 * handler's work and before its id is recorded (the store fails once), and the message is delivered again.
 */
class InboxTests {

	private final DataSource dataSource = createDataSource();

	private final JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);

	private final CrashingStore store = new CrashingStore(this.jdbc);

	private final MessageContext context = mock(MessageContext.class);

	private final MessageInterceptor.Chain handler = (message) -> {
		this.jdbc.update("INSERT INTO orders (message) VALUES (?)", message);
		return "done";
	};

	InboxTests() {
		this.store.createTableIfMissing();
		this.jdbc.execute("CREATE TABLE orders (message VARCHAR(100))");
		given(this.context.messageId()).willReturn("m-1");
		given(this.context.messageType()).willReturn("PlaceOrder");
		given(this.context.queue()).willReturn("orders");
	}

	/**
	 * The database of the test: a fresh in-memory H2.
	 * @return the data source
	 */
	protected DataSource createDataSource() {
		return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
			.setName("inbox-" + UUID.randomUUID())
			.build();
	}

	@Test
	void aCrashBetweenTheHandlersWorkAndItsIdAppliesNothingAndTheRedeliveryAppliesItOnce() throws Exception {
		IdempotencyInterceptor inbox = new IdempotencyInterceptor(new HandlerRegistry(), this.store, true,
				new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)));
		this.store.crashNext.set(true);
		assertThatIllegalStateException().isThrownBy(() -> inbox.intercept("order-1", this.context, this.handler));
		assertThat(orders()).isZero();
		assertThat(inbox.intercept("order-1", this.context, this.handler)).isEqualTo("done");
		assertThat(inbox.intercept("order-1", this.context, this.handler)).isNull();
		assertThat(orders()).isOne();
	}

	@Test
	void withoutTheInboxTheSameCrashAppliesTheMessageTwice() throws Exception {
		IdempotencyInterceptor store = new IdempotencyInterceptor(new HandlerRegistry(), this.store, true);
		this.store.crashNext.set(true);
		assertThatIllegalStateException().isThrownBy(() -> store.intercept("order-1", this.context, this.handler));
		assertThat(orders()).isOne();
		store.intercept("order-1", this.context, this.handler);
		assertThat(orders()).isEqualTo(2);
	}

	@Test
	void aCopyWhoseIdAnotherCopyRecordedMeanwhileIsRolledBack() throws Exception {
		IdempotencyInterceptor inbox = new IdempotencyInterceptor(new HandlerRegistry(), this.store, true,
				new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)));
		MessageInterceptor.Chain racing = (message) -> {
			this.handler.proceed(message);
			// The other copy commits its id (on a connection of its own) while this one is still handling.
			new JdbcTemplate(this.dataSource).update(
					"INSERT INTO mmate_processed_message (message_key, processed_at) VALUES (?, CURRENT_TIMESTAMP)",
					"PlaceOrder:m-1");
			return "done";
		};
		assertThat(inbox.intercept("order-1", this.context, racing)).isNull();
		assertThat(orders()).isZero();
	}

	private int orders() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM orders", Integer.class);
	}

	/**
	 * The JDBC store, dying once when it records an id.
	 */
	static final class CrashingStore extends JdbcProcessedMessageStore {

		final AtomicBoolean crashNext = new AtomicBoolean();

		CrashingStore(JdbcTemplate jdbc) {
			super(jdbc, DEFAULT_TABLE, Duration.ofHours(1), Clock.systemUTC());
		}

		@Override
		public void markProcessed(String key) {
			crashIfDue();
			super.markProcessed(key);
		}

		@Override
		public void markProcessedOnce(String key) {
			crashIfDue();
			super.markProcessedOnce(key);
		}

		private void crashIfDue() {
			if (this.crashNext.getAndSet(false)) {
				throw new IllegalStateException("killed after the handler and before its id was recorded");
			}
		}

	}

}
