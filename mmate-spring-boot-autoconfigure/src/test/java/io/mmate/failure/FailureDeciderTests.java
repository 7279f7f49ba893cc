package io.mmate.failure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.mmate.DeadLetterReason;
import io.mmate.ErrorReply;
import io.mmate.MessageValidationException;
import io.mmate.PermanentFailureException;
import io.mmate.Reply;
import io.mmate.TypedErrorReply;
import io.mmate.dispatch.Outcome;
import io.mmate.envelope.UndecodableMessageException;
import io.mmate.retry.AttemptsFailedException;
import io.mmate.retry.RetryPolicies;
import io.mmate.retry.RetryPolicySettings;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.MessageProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every failure rule of {@link FailureDecider}, without a channel or a broker.
 */
class FailureDeciderTests {

	private static final List<Duration> DELAYS = List.of(Duration.ofSeconds(10), Duration.ofMinutes(1));

	private static final RetryPolicySettings POLICY = new RetryPolicySettings(3, Duration.ofMillis(100), 2,
			Duration.ofSeconds(5), Duration.ZERO, DELAYS, List.of(IllegalArgumentException.class), List.of());

	private static final RetryPolicies POLICIES = new RetryPolicies(POLICY,
			Map.of("NoDelays", POLICY.withoutRedeliveries()));

	private static final FailureRules SERVICE_QUEUE = new FailureRules(true, true, 20);

	private final FailureDecider decider = new FailureDecider("orders-queue", POLICIES, SERVICE_QUEUE);

	@Test
	void handledMessageIsAcknowledged() {
		assertThat(decide(new Outcome.Handled(null), false, FailureHistory.NONE)).isSameAs(Settlement.ACKNOWLEDGE);
	}

	@Test
	void handledRequestWithAReplyIsAcknowledgedAfterTheReply() {
		ErrorReply reply = ErrorReply.of("X", "y");
		assertThat(decide(new Outcome.Handled(reply), true, FailureHistory.NONE))
			.isEqualTo(new Settlement.AcknowledgeAfterReply(reply));
	}

	@Test
	void resultWithoutAWaitingRequesterIsNotSent() {
		assertThat(decide(new Outcome.Handled(ErrorReply.of("X", "y")), false, FailureHistory.NONE))
			.isSameAs(Settlement.ACKNOWLEDGE);
	}

	@Test
	void transientFailureIsRedeliveredAfterTheFirstDelay() {
		Settlement settlement = decide(failed(new IllegalStateException("db down"), 3), false, FailureHistory.NONE);
		assertThat(settlement).isInstanceOfSatisfying(Settlement.RedeliverLater.class, (later) -> {
			assertThat(later.delay()).isEqualTo(Duration.ofSeconds(10));
			assertThat(later.failure().reason()).isEqualTo(DeadLetterReason.HANDLER_FAILED);
			assertThat(later.failure().attempts()).isEqualTo(3);
			assertThat(later.failure().transientFailure()).isTrue();
			assertThat(later.failure().cause()).hasMessage("db down");
			assertThat(later.failure().description()).contains("'PlaceOrder'", "'orders-queue'", "3 attempt(s)");
		});
	}

	@Test
	void secondRedeliveryTakesTheSecondDelay() {
		Settlement settlement = decide(failed(new IllegalStateException(), 1), false, new FailureHistory(1, 0, 3));
		assertThat(settlement).isInstanceOfSatisfying(Settlement.RedeliverLater.class,
				(later) -> assertThat(later.delay()).isEqualTo(Duration.ofMinutes(1)));
	}

	@Test
	void transientFailureIsDeadLetteredWhenNoDelaysRemain() {
		Settlement settlement = decide(failed(new IllegalStateException(), 3), false, new FailureHistory(2, 0, 6));
		assertThat(settlement).isInstanceOfSatisfying(Settlement.DeadLetter.class, (deadLetter) -> {
			assertThat(deadLetter.failure().reason()).isEqualTo(DeadLetterReason.HANDLER_FAILED);
			assertThat(deadLetter.failure().transientFailure()).isTrue();
		});
	}

	@Test
	void permanentExceptionIsDeadLetteredAtOnce() {
		Settlement settlement = decide(new Outcome.Failed(new PermanentFailureException("bad order")), false,
				FailureHistory.NONE);
		assertThat(settlement).isInstanceOfSatisfying(Settlement.DeadLetter.class, (deadLetter) -> {
			assertThat(deadLetter.failure().attempts()).isEqualTo(1);
			assertThat(deadLetter.failure().transientFailure()).isFalse();
		});
	}

	@Test
	void configuredPermanentExceptionIsDeadLetteredAtOnce() {
		assertThat(decide(failed(new IllegalArgumentException("no id"), 1), false, FailureHistory.NONE))
			.isInstanceOf(Settlement.DeadLetter.class);
	}

	@Test
	void invalidPayloadIsDeadLetteredAtOnceWithItsViolationsInTheErrorReply() {
		RetryPolicySettings validationIsPermanent = new RetryPolicySettings(3, Duration.ofMillis(100), 2,
				Duration.ofSeconds(5), Duration.ZERO, DELAYS, List.of(MessageValidationException.class), List.of());
		FailureDecider decider = new FailureDecider("orders-queue", new RetryPolicies(validationIsPermanent, Map.of()),
				SERVICE_QUEUE);
		MessageValidationException invalid = new MessageValidationException("PlaceOrder",
				List.of("amount: must be greater than 0", "customerId: must not be blank"));
		Settlement settlement = decider.decide(new Outcome.Failed(invalid), "PlaceOrder", true, FailureHistory.NONE);
		assertThat(settlement).isInstanceOfSatisfying(Settlement.DeadLetter.class, (deadLetter) -> {
			assertThat(deadLetter.failure().reason()).isEqualTo(DeadLetterReason.VALIDATION_FAILED);
			assertThat(deadLetter.failure().transientFailure()).isFalse();
			assertThat(deadLetter.failure().errorReply()).isEqualTo(ErrorReply.of("VALIDATION_FAILED",
					"Message type 'PlaceOrder' is invalid: amount: must be greater than 0; customerId: must not be "
							+ "blank (queue 'orders-queue')"));
		});
	}

	@Test
	void requestIsNotRedeliveredLaterSinceItsRequesterWaits() {
		Settlement settlement = decide(failed(new IllegalStateException("down"), 3), true, FailureHistory.NONE);
		assertThat(settlement).isInstanceOfSatisfying(Settlement.DeadLetter.class, (deadLetter) -> assertThat(
				deadLetter.failure().errorReply()).isEqualTo(ErrorReply.of("HANDLER_FAILED", "down")));
	}

	@Test
	void failureOfAHandlerWithAReplyClassIsAnsweredAsThatClass() {
		Outcome outcome = new Outcome.Failed(new AttemptsFailedException(3, new IllegalStateException("down")),
				StockReply.class);
		Settlement settlement = decide(outcome, true, FailureHistory.NONE);
		assertThat(settlement).isInstanceOfSatisfying(Settlement.DeadLetter.class,
				(deadLetter) -> assertThat(deadLetter.failure().errorReply())
					.isEqualTo(TypedErrorReply.of(StockReply.class, "HANDLER_FAILED", "down")));
	}

	@Test
	void payloadThatDoesNotBindToAHandlerWithAReplyClassIsAnsweredAsThatClass() {
		Outcome outcome = new Outcome.Rejected(DeadLetterReason.UNDECODABLE, "Payload does not bind", null,
				StockReply.class);
		assertThat(decide(outcome, true, FailureHistory.NONE)).isInstanceOfSatisfying(Settlement.DeadLetter.class,
				(deadLetter) -> assertThat(deadLetter.failure().errorReply())
					.isEqualTo(TypedErrorReply.of(StockReply.class, "UNDECODABLE", "Payload does not bind")));
	}

	@Test
	void orderedQueueRetriesInProcessOnly() {
		FailureDecider ordered = new FailureDecider("orders-queue", POLICIES, SERVICE_QUEUE.ordered());
		assertThat(ordered.decide(failed(new IllegalStateException(), 3), "PlaceOrder", false, FailureHistory.NONE))
			.isInstanceOf(Settlement.DeadLetter.class);
		assertThat(ordered.mustCount(true)).isFalse();
	}

	@Test
	void typeWithoutDelaysIsDeadLetteredAfterItsInProcessAttempts() {
		assertThat(this.decider.decide(failed(new IllegalStateException(), 3), "NoDelays", false,
				FailureHistory.NONE))
			.isInstanceOf(Settlement.DeadLetter.class);
	}

	@Test
	void failureIsRejectedWhenDeadLetteringIsOff() {
		FailureDecider noDeadLetters = new FailureDecider("orders-queue", POLICIES, new FailureRules(false, true, 0));
		assertThat(noDeadLetters.decide(new Outcome.Failed(new PermanentFailureException("x")), "PlaceOrder", false,
				FailureHistory.NONE))
			.isInstanceOf(Settlement.Reject.class);
		assertThat(noDeadLetters.undecodable(new UndecodableMessageException("not JSON", null)))
			.isInstanceOf(Settlement.Reject.class);
	}

	@Test
	void messageWithoutAHandlerIsDeadLetteredWithTheDispatchersReason() {
		Settlement settlement = decide(new Outcome.Rejected(DeadLetterReason.NO_HANDLER, "No handler for 'X'", null),
				true, FailureHistory.NONE);
		assertThat(settlement).isInstanceOfSatisfying(Settlement.DeadLetter.class, (deadLetter) -> {
			assertThat(deadLetter.failure().reason()).isEqualTo(DeadLetterReason.NO_HANDLER);
			assertThat(deadLetter.failure().transientFailure()).isFalse();
			assertThat(deadLetter.failure().errorReply()).isEqualTo(ErrorReply.of("NO_HANDLER", "No handler for 'X'"));
		});
	}

	@Test
	void undecodableMessageIsDeadLetteredNamingTheQueue() {
		Settlement settlement = this.decider.undecodable(new UndecodableMessageException("Body is not JSON", null));
		assertThat(settlement).isInstanceOfSatisfying(Settlement.DeadLetter.class, (deadLetter) -> {
			assertThat(deadLetter.failure().reason()).isEqualTo(DeadLetterReason.UNDECODABLE);
			assertThat(deadLetter.failure().description()).isEqualTo("Body is not JSON (queue 'orders-queue')");
		});
	}

	@Test
	void messageOverTheSizeLimitIsDeadLetteredUnread() {
		Settlement settlement = this.decider.tooLarge(70_000_000, 67_108_864);
		assertThat(settlement).isInstanceOfSatisfying(Settlement.DeadLetter.class, (deadLetter) -> {
			assertThat(deadLetter.failure().reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
			assertThat(deadLetter.failure().reason().code()).isEqualTo("too-large");
			assertThat(deadLetter.failure().reason().reachedHandler()).isFalse();
			assertThat(deadLetter.failure().description()).isEqualTo("Message of 70000000 bytes on queue "
					+ "'orders-queue' is more than mmate.listener.max-message-size (67108864 bytes); not decoded");
		});
	}

	@Test
	void descriptionQuotingAHugeExceptionMessageIsCut() {
		String huge = "x".repeat(1_000_000);
		Settlement settlement = decide(failed(new PermanentFailureException(huge), 1), true, FailureHistory.NONE);
		Failure failure = settlement.failure();
		assertThat(failure.description()).startsWith("Handler for message type 'PlaceOrder' on queue 'orders-queue'")
			.hasSizeLessThan(1100)
			.endsWith("… (" + (huge.length() + 121) + " chars)");
		assertThat(failure.errorReply().errorMessage()).hasSizeLessThan(1100).endsWith("… (1000000 chars)");
	}

	@Test
	void unacknowledgedRedeliveryIsCountedBelowTheLimit() {
		assertThat(this.decider.mustCount(true)).isTrue();
		assertThat(this.decider.mustCount(false)).isFalse();
		assertThat(this.decider.redelivered(new FailureHistory(0, 5, 0)))
			.isEqualTo(new Settlement.RequeueCounted(6));
	}

	@Test
	void unacknowledgedRedeliveryIsDeadLetteredAtTheLimit() {
		Settlement settlement = this.decider.redelivered(new FailureHistory(0, 19, 0));
		assertThat(settlement).isInstanceOfSatisfying(Settlement.DeadLetter.class, (deadLetter) -> {
			assertThat(deadLetter.failure().reason()).isEqualTo(DeadLetterReason.DELIVERY_LIMIT);
			assertThat(deadLetter.failure().description()).contains("Delivered 20 times", "delivery-limit=20");
		});
	}

	@Test
	void unexpectedFailureIsDeadLettered() {
		Settlement settlement = this.decider.unexpected(new StackOverflowError());
		assertThat(settlement.failure().reason()).isEqualTo(DeadLetterReason.HANDLER_FAILED);
		assertThat(settlement.failure().description()).startsWith("Unexpected failure on queue 'orders-queue'");
	}

	@Test
	void forgedRedeliveryCounterDeadLettersInsteadOfRetrying() {
		FailureHistory forged = FailureHistory.of(Map.of(DeadLetterHeaders.REDELIVERIES, -1L));
		assertThat(decide(failed(new IllegalStateException(), 3), false, forged))
			.isInstanceOf(Settlement.DeadLetter.class);
	}

	@Test
	void forgedDeliveryCounterDeadLettersAtOnce() {
		FailureHistory forged = FailureHistory.of(Map.of(DeadLetterHeaders.DELIVERIES, "many"));
		assertThat(this.decider.redelivered(forged).failure().reason()).isEqualTo(DeadLetterReason.DELIVERY_LIMIT);
	}

	@Test
	void countersSaturateInsteadOfOverflowing() {
		FailureHistory history = FailureHistory.of(Map.of(DeadLetterHeaders.ATTEMPTS, Long.MAX_VALUE - 1,
				DeadLetterHeaders.REDELIVERIES, Long.MAX_VALUE, DeadLetterHeaders.DELIVERIES, 3));
		assertThat(history.attemptsWith(5)).isEqualTo(Long.MAX_VALUE);
		assertThat(history.redeliveriesWithNext()).isEqualTo(Long.MAX_VALUE);
		assertThat(history.deliveriesWithThis()).isEqualTo(4);
		assertThat(FailureHistory.of(Map.of(DeadLetterHeaders.ATTEMPTS, -7L)).attempts()).isZero();
	}

	@Test
	void countersAreReadOnlyOnTheStartersOwnCopies() {
		MessageProperties published = new MessageProperties();
		published.setReceivedExchange("mmate.commands");
		published.setHeader(DeadLetterHeaders.REDELIVERIES, 3L);
		assertThat(FailureHistory.of(published)).isEqualTo(FailureHistory.NONE);
		MessageProperties delayed = new MessageProperties();
		delayed.setReceivedExchange("mmate.delay.quorum.delivery");
		delayed.setHeader(DeadLetterHeaders.REDELIVERIES, 1L);
		assertThat(FailureHistory.of(delayed).redeliveries()).isEqualTo(1);
		MessageProperties requeued = new MessageProperties();
		requeued.setReceivedExchange("");
		requeued.setHeader(DeadLetterHeaders.DELIVERIES, 4L);
		assertThat(FailureHistory.of(requeued).deliveries()).isEqualTo(4);
	}

	@Test
	void messageWithoutCountersHasNoHistory() {
		assertThat(FailureHistory.of(Map.of("x-other", 1))).isEqualTo(FailureHistory.NONE);
		assertThat(FailureHistory.of((Map<String, Object>) null)).isEqualTo(FailureHistory.NONE);
	}

	private Settlement decide(Outcome outcome, boolean replyExpected, FailureHistory history) {
		return this.decider.decide(outcome, "PlaceOrder", replyExpected, history);
	}

	private static Outcome failed(Throwable cause, int attempts) {
		return new Outcome.Failed(new AttemptsFailedException(attempts, cause));
	}

	record StockReply(boolean success, int available) implements Reply {

	}

}
