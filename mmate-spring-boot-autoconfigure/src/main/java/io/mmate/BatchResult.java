package io.mmate;

import java.util.List;

/**
 * What became of each message of a batch: confirmed by the broker, or failed (refused, unroutable, not confirmed in
 * time), so that a caller can publish just the failed ones again.
 *
 * @param confirmed the confirmed messages, by position in the batch
 * @param failures the failed messages, by position in the batch
 */
public record BatchResult(List<Confirmed> confirmed, List<Failure> failures) {

	public BatchResult {
		confirmed = List.copyOf(confirmed);
		failures = List.copyOf(failures);
	}

	/**
	 * Whether every message was confirmed.
	 * @return {@code true} when nothing failed
	 */
	public boolean allConfirmed() {
		return this.failures.isEmpty();
	}

	/**
	 * A confirmed message.
	 * @param index its position in the batch
	 * @param receipt where it went
	 */
	public record Confirmed(int index, PublishReceipt receipt) {
	}

	/**
	 * A failed message.
	 * @param index its position in the batch
	 * @param message the message, to publish again
	 * @param error why it failed, usually a {@link PublishException}
	 */
	public record Failure(int index, BatchMessage message, Throwable error) {
	}

}
