package io.mmate.listener;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import io.mmate.PublishReceipt;
import io.mmate.PublishRefusedException;
import io.mmate.failure.Failure;
import io.mmate.failure.FailurePublisher;
import io.mmate.failure.Settlement;
import io.mmate.metrics.MessagingEvents;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Does what a {@link Settlement} says, for the deliveries of one queue: publishes a failed message's copy and waits
 * for the broker's confirm, sends replies and error replies, acknowledges, logs and reports. A copy the broker did
 * not confirm leaves the delivery in its queue, so that nothing is lost; a dead letter that a full dead-letter queue
 * refuses waits, through the broker, to be handled again.
 */
final class SettlementApplier {

	private static final Log logger = LogFactory.getLog(SettlementApplier.class);

	private final String queue;

	private final Acknowledgements acknowledgements;

	private final FailurePublisher failures;

	private final ReplySender replies;

	private final MessagingEvents events;

	private final InFlight acknowledging = new InFlight();

	private final Duration overflowDelay;

	SettlementApplier(String queue, Acknowledgements acknowledgements, DeliveryPipeline pipeline,
			MessagingEvents events, Duration overflowDelay) {
		this.queue = queue;
		this.overflowDelay = overflowDelay;
		this.acknowledgements = acknowledgements;
		this.failures = pipeline.failures();
		this.replies = pipeline.replies();
		this.events = events;
	}

	void apply(Delivery delivery, Settlement settlement) {
		if (settlement instanceof Settlement.Acknowledge) {
			delivery.outcome("success");
			this.acknowledgements.ack(delivery.channel(), delivery.tag());
		}
		else if (settlement instanceof Settlement.AcknowledgeAfterReply reply) {
			delivery.outcome("success");
			ackWhenSent(this.replies.reply(delivery.envelope(), reply.reply()), delivery);
		}
		else if (settlement instanceof Settlement.RedeliverLater later) {
			redeliver(delivery, later.delay(), later.failure());
		}
		else if (settlement instanceof Settlement.DeadLetter deadLetter) {
			deadLetter(delivery, deadLetter.failure());
		}
		else if (settlement instanceof Settlement.Reject reject) {
			logger.warn("Rejected (mmate.dead-letter.enabled=false): " + reject.failure().description());
			delivery.outcome("rejected");
			replyError(delivery, reject.failure());
			this.acknowledgements.reject(delivery.channel(), delivery.tag());
		}
		else if (settlement instanceof Settlement.RequeueCounted counted) {
			if (confirmed(delivery, () -> this.failures.requeueCounted(delivery.message(), this.queue,
					counted.deliveries()))) {
				delivery.outcome("requeued");
				this.acknowledgements.ackAlone(delivery.channel(), delivery.tag());
			}
		}
		else {
			delivery.outcome("requeued");
			this.acknowledgements.requeue(delivery.channel(), delivery.tag());
		}
	}

	private void redeliver(Delivery delivery, Duration delay, Failure failure) {
		if (confirmed(delivery, () -> this.failures.redeliver(delivery.message(), this.queue, delay, failure))) {
			logger.info("Redelivering later: " + failure.description());
			delivery.outcome("retried");
			this.events.retried(this.queue, delivery.type(), MessagingEvents.RetryStage.REDELIVERY);
			this.acknowledgements.ackAlone(delivery.channel(), delivery.tag());
		}
	}

	private void deadLetter(Delivery delivery, Failure failure) {
		Throwable error = copyError(() -> this.failures.deadLetter(delivery.message(), this.queue, failure));
		if (error instanceof PublishRefusedException) {
			// The dead-letter queue is full. Back to the queue at once would fail again at once, over and over; so
			// the message waits, through the broker, and is handled again later.
			parkWhileFull(delivery, failure);
		}
		else if (error != null) {
			requeueUncopied(delivery, error);
		}
		else {
			logger.warn("Dead-lettered to 'dlq." + this.queue + "': " + failure.description());
			delivery.outcome(failure.reason().reachedHandler() ? "dead-lettered" : "rejected");
			this.events.deadLettered(this.queue, delivery.type(), failure.reason().code());
			replyError(delivery, failure);
			this.acknowledgements.ackAlone(delivery.channel(), delivery.tag());
		}
	}

	private void parkWhileFull(Delivery delivery, Failure failure) {
		Duration delay = this.overflowDelay;
		if (confirmed(delivery, () -> this.failures.redeliver(delivery.message(), this.queue, delay, failure))) {
			logger.warn("'dlq." + this.queue + "' is full and refused a dead letter; handling the message again in "
					+ delay + ": " + failure.description());
			delivery.outcome("retried");
			this.events.deadLetterRefused(this.queue, delivery.type());
			replyError(delivery, failure);
			this.acknowledgements.ackAlone(delivery.channel(), delivery.tag());
		}
	}

	private void replyError(Delivery delivery, Failure failure) {
		if (delivery.envelope() != null) {
			this.replies.replyAndWait(delivery.envelope(), failure.errorReply());
		}
	}

	private boolean confirmed(Delivery delivery, Supplier<CompletableFuture<PublishReceipt>> copy) {
		Throwable error = copyError(copy);
		if (error != null) {
			requeueUncopied(delivery, error);
		}
		return error == null;
	}

	/**
	 * Publish a failed message's copy and wait for the broker's confirm.
	 * @return {@code null} when confirmed, else why not
	 */
	private static Throwable copyError(Supplier<CompletableFuture<PublishReceipt>> copy) {
		try {
			// The publisher's own confirm timeout bounds the wait.
			copy.get().join();
			return null;
		}
		catch (RuntimeException ex) {
			return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
		}
	}

	private void requeueUncopied(Delivery delivery, Throwable cause) {
		logger.error("Could not move a failed message from queue '" + this.queue + "' to its redelivery or "
				+ "dead-letter queue; returning it to the queue so that it is not lost: " + cause.getMessage(), cause);
		delivery.outcome("requeued");
		this.acknowledgements.requeue(delivery.channel(), delivery.tag());
	}

	// The consumer goes on to the next delivery while the reply's confirm is on its way; the request is acknowledged
	// when it arrives.
	private void ackWhenSent(CompletableFuture<Void> replySent, Delivery delivery) {
		if (replySent.isDone()) {
			this.acknowledgements.ack(delivery.channel(), delivery.tag());
			return;
		}
		this.acknowledging.enter();
		this.acknowledgements.hold(delivery.channel());
		long deliveryTag = delivery.tag();
		replySent.whenComplete((done, ex) -> {
			try {
				this.acknowledgements.release(delivery.channel(), deliveryTag);
			}
			finally {
				this.acknowledging.leave();
			}
		});
	}

	/**
	 * Wait until every request whose reply was sent has been acknowledged, then send every acknowledgement that is
	 * still gathered.
	 * @param timeout how long to wait at most
	 * @return whether all were acknowledged
	 * @throws InterruptedException when interrupted while waiting
	 */
	boolean awaitAcknowledged(Duration timeout) throws InterruptedException {
		boolean released = this.acknowledging.awaitNone(timeout);
		this.acknowledgements.flush();
		return released;
	}

}
