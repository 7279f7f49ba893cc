package io.mmate.publish;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.mmate.OutgoingMessage;
import io.mmate.PublishException;
import io.mmate.PublishReceipt;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Holds a publish back until the Spring-managed transaction around it commits, and drops it if it rolls back, so that
 * a message never announces what the database did not store. What this cannot prevent: a crash between the commit and
 * the broker's confirm loses the message; the transactional outbox ({@code io.mmate.outbox}), when it is enabled,
 * takes such a publish instead.
 */
public final class TransactionDeferral {

	private TransactionDeferral() {
	}

	/**
	 * Whether a Spring-managed transaction is active on this thread.
	 * @return {@code true} inside a transaction
	 */
	public static boolean inTransaction() {
		return TransactionSynchronizationManager.isSynchronizationActive();
	}

	/**
	 * Publish once the transaction commits; fail the future if it rolls back.
	 * @param message what is published, for the failure message
	 * @param publish the publish to run after the commit
	 * @return completes with the publish's outcome
	 */
	public static CompletableFuture<PublishReceipt> afterCommit(OutgoingMessage message,
			Supplier<CompletableFuture<PublishReceipt>> publish) {
		CompletableFuture<PublishReceipt> result = new CompletableFuture<>();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				publish.get().whenComplete((receipt, ex) -> {
					if (ex != null) {
						result.completeExceptionally(ex);
					}
					else {
						result.complete(receipt);
					}
				});
			}

			@Override
			public void afterCompletion(int status) {
				if (status != STATUS_COMMITTED) {
					result.completeExceptionally(new PublishException("Not published: the transaction around the "
							+ "publish of '" + message.typeName() + "' to exchange '" + message.exchange()
							+ "' did not commit", message.exchange(), message.routingKey(), null));
				}
			}

		});
		return result;
	}

}
