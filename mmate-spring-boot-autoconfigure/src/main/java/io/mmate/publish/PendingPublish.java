package io.mmate.publish;

import java.util.concurrent.CompletableFuture;

import io.mmate.PublishReceipt;

/**
 * A publish waiting for its confirm.
 */
final class PendingPublish {

	final PublishReceipt receipt;

	final boolean mandatory;

	final CompletableFuture<PublishReceipt> future = new CompletableFuture<>();

	long sequence;

	volatile String returnedText;

	PendingPublish(PublishReceipt receipt, boolean mandatory) {
		this.receipt = receipt;
		this.mandatory = mandatory;
	}

}
