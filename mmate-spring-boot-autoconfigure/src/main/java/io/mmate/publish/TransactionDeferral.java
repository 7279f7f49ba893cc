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
 * the broker's confirm loses the message (an outbox table would be needed for that).
 */
final class TransactionDeferral {

	private TransactionDeferral() {
	}

	static boolean inTransaction() {
		return TransactionSynchronizationManager.isSynchronizationActive();
	}

	static CompletableFuture<PublishReceipt> afterCommit(OutgoingMessage message,
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
