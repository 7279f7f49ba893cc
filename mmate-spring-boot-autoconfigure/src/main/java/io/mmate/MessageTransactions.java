package io.mmate;

import java.util.function.Consumer;

/**
 * Publishes several messages atomically, in one AMQP transaction: either all reach their queues or none does.
 *
 * <pre class="code">
 * transactions.publishAtomically((publisher) -&gt; {
 *     publisher.publishEvent(new OrderPlacedEvent(...));
 *     publisher.sendCommand(new ReserveStock(...), "stock-service");
 * });
 * </pre>
 *
 * <p>Separately, a {@link MessagePublisher} call made inside a Spring-managed transaction (a database transaction, for
 * example) is held back until that transaction commits, and dropped if it rolls back.
 */
public interface MessageTransactions {

	/**
	 * Publish everything {@code work} publishes through the publisher it is given, in one AMQP transaction. If
	 * {@code work} throws, a publish fails, or a command, query or reply would be unroutable, nothing is published
	 * and the exception is rethrown. Blocks until the broker has committed.
	 * @param work publishes the messages
	 * @throws PublishException when the transaction could not be committed
	 */
	void publishAtomically(Consumer<MessagePublisher> work);

}
