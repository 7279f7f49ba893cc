package io.mmate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Publishes a batch through any {@link MessagePublisher}: sends everything, then gathers every confirm.
 */
final class BatchPublishing {

	private BatchPublishing() {
	}

	static CompletableFuture<BatchResult> publish(MessagePublisher publisher, List<BatchMessage> messages) {
		List<CompletableFuture<PublishReceipt>> confirms = new ArrayList<>(messages.size());
		for (BatchMessage message : messages) {
			try {
				confirms.add(message.publishWith(publisher));
			}
			catch (RuntimeException ex) {
				confirms.add(CompletableFuture.failedFuture(ex));
			}
		}
		return CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new))
			.handle((ignored, ex) -> result(messages, confirms));
	}

	private static BatchResult result(List<BatchMessage> messages, List<CompletableFuture<PublishReceipt>> confirms) {
		List<BatchResult.Confirmed> confirmed = new ArrayList<>();
		List<BatchResult.Failure> failures = new ArrayList<>();
		for (int i = 0; i < confirms.size(); i++) {
			try {
				confirmed.add(new BatchResult.Confirmed(i, confirms.get(i).join()));
			}
			catch (CompletionException | CancellationException failure) {
				Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
				failures.add(new BatchResult.Failure(i, messages.get(i), cause));
			}
		}
		return new BatchResult(confirmed, failures);
	}

}
