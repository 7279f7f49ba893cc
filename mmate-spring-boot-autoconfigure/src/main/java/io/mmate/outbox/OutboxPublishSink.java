package io.mmate.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

import javax.sql.DataSource;

import com.rabbitmq.client.AMQP;
import io.mmate.PublishException;
import io.mmate.PublishReceipt;
import io.mmate.envelope.BoundedText;
import io.mmate.publish.PublishLimits;
import io.mmate.publish.TransactionalPublishSink;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes a publish made inside a Spring-managed transaction on the outbox's data source to the outbox table, in that
 * transaction, and wakes the relay once it commits.
 *
 * <p>The returned future completes when the transaction commits: from then on the message is stored with the
 * application's data and will be published, by this instance's relay or, after a crash, by any other. It fails at once
 * when the row cannot be written, and when the transaction rolls back. It does not wait for the broker's confirm: the
 * relay publishes with confirms, possibly on another instance, and retries until the broker confirms.
 */
public class OutboxPublishSink implements TransactionalPublishSink {

	private static final int MAX_KEY_LENGTH = 255;

	private final JdbcOutboxStore store;

	private final DataSource dataSource;

	private final String orderingKeyHeader;

	private final Clock clock;

	private final Runnable committed;

	private final IntSupplier frameMax;

	/**
	 * Create a sink.
	 * @param store the outbox table
	 * @param dataSource the data source whose transactions the sink joins, the store's
	 * @param orderingKeyHeader the header whose value is a row's ordering key (the aggregate id of events)
	 * @param clock the clock for the rows' creation time
	 * @param committed what to run after a transaction that wrote rows committed: waking the relay
	 * @param frameMax the largest frame of the publishing connection, 0 for no limit: a message whose properties do
	 * not fit is refused now rather than failing in the relay again and again
	 */
	public OutboxPublishSink(JdbcOutboxStore store, DataSource dataSource, String orderingKeyHeader, Clock clock,
			Runnable committed, IntSupplier frameMax) {
		this.store = store;
		this.dataSource = dataSource;
		this.orderingKeyHeader = orderingKeyHeader;
		this.clock = clock;
		this.committed = committed;
		this.frameMax = frameMax;
	}

	@Override
	public boolean joinsCurrentTransaction() {
		// Only a transaction that holds a connection of this data source: a row written outside it would commit on
		// its own, whatever became of the transaction.
		return TransactionSynchronizationManager.isSynchronizationActive()
				&& TransactionSynchronizationManager.isActualTransactionActive()
				&& TransactionSynchronizationManager.hasResource(this.dataSource);
	}

	@Override
	public CompletableFuture<PublishReceipt> publish(String exchange, String routingKey, boolean mandatory,
			AMQP.BasicProperties properties, byte[] body, Duration confirmTimeout) {
		PublishReceipt receipt = new PublishReceipt(properties.getMessageId(), exchange, routingKey);
		String refused = PublishLimits.problem(exchange, routingKey, properties, this.frameMax.getAsInt());
		if (refused != null) {
			return CompletableFuture.failedFuture(new PublishException("Could not write message '"
					+ BoundedText.of(properties.getMessageId(), 300) + "' of type '"
					+ BoundedText.of(properties.getType(), 300) + "' to the outbox: " + refused, exchange, routingKey,
					null));
		}
		try {
			this.store.insert(properties.getMessageId(), exchange, routingKey, mandatory, orderingKey(properties),
					properties, body, this.clock.instant());
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(new PublishException("Could not write message '"
					+ properties.getMessageId() + "' to the outbox: " + ex.getMessage(), exchange, routingKey, ex));
		}
		CompletableFuture<PublishReceipt> result = new CompletableFuture<>();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				result.complete(receipt);
				OutboxPublishSink.this.committed.run();
			}

			@Override
			public void afterCompletion(int status) {
				if (status != STATUS_COMMITTED) {
					result.completeExceptionally(new PublishException("Not published: the transaction that wrote "
							+ "message '" + receipt.messageId() + "' to the outbox did not commit", exchange,
							routingKey, null));
				}
			}

		});
		return result;
	}

	private String orderingKey(AMQP.BasicProperties properties) {
		Map<String, Object> headers = properties.getHeaders();
		Object key = (headers != null) ? headers.get(this.orderingKeyHeader) : null;
		String text = (key != null) ? key.toString() : null;
		if (text == null || text.isEmpty()) {
			return null;
		}
		// The column's width; keys that share their first 255 characters are merely ordered together.
		return (text.length() > MAX_KEY_LENGTH) ? text.substring(0, MAX_KEY_LENGTH) : text;
	}

}
