package io.mmate.test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.mmate.DeadLetterReason;
import io.mmate.ErrorReply;
import io.mmate.ErrorReplyException;
import io.mmate.MessagePublisher;
import io.mmate.MessageRequester;
import io.mmate.MessageScheduler;
import io.mmate.PublishException;
import io.mmate.PublishOptions;
import io.mmate.RequestTimeoutException;
import io.mmate.failure.DeadLetterHeaders;
import io.mmate.failure.Settlement;
import io.mmate.test.WorkMessages.CheckedWork;
import io.mmate.test.WorkMessages.GetPrice;
import io.mmate.test.WorkMessages.GetWork;
import io.mmate.test.WorkMessages.PriceReply;
import io.mmate.test.WorkMessages.PriceWork;
import io.mmate.test.WorkMessages.RemindWork;
import io.mmate.test.WorkMessages.Tick;
import io.mmate.test.WorkMessages.Work;
import io.mmate.test.WorkMessages.WorkDone;
import io.mmate.test.WorkMessages.WorkReply;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;

import static io.mmate.test.MmateAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests of the {@link MmateTestHarness} in an {@code ApplicationContextRunner}, with no broker: the application's
 * handlers run through Mmate's real dispatcher and failure decisions.
 */
class MmateTestHarnessTests {

	@Test
	void theApplicationsMessagingBeansAreTheHarnesssOwn() {
		run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(MessageRequester.class)).isInstanceOf(HarnessMessageRequester.class);
			assertThat(context.getBean(MessageScheduler.class)).isInstanceOf(HarnessMessageScheduler.class);
			assertThat(context).hasSingleBean(MessagePublisher.class);
			assertThat(context.getBean(MessagePublisher.class)).isSameAs(context.getBean("mmateTestMessagePublisher"));
		});
	}

	@Test
	void aHandledCommandIsAcknowledgedAndWhatItPublishesIsRecordedWhereTheStarterRoutesIt() {
		run((context) -> {
			MmateTestHarness harness = context.getBean(MmateTestHarness.class);
			HandlingResult result = harness.sendCommand(new Work("w-1"));
			assertThat(result).wasHandled().hasNoReply();
			assertThat(result.settlement()).isEqualTo(Settlement.ACKNOWLEDGE);
			assertThat(context.getBean(WorkHandlers.class).handled).containsExactly("w-1 redeliveries=null");
			List<RecordedMessage> events = harness.published(WorkDone.class);
			assertThat(events).hasSize(1);
			assertThat(events.get(0)).hasType(WorkDone.class)
				.hasType("WorkDone")
				.hasExchange("mmate.events")
				.hasRoutingKey("evt.w-1.WorkDone")
				.hasHeader("x-message-kind", "event")
				.hasPayloadField("name", "w-1")
				.hasPayload(new WorkDone("w-1"));
			assertThat(events.get(0).payloadAs(WorkDone.class)).isEqualTo(new WorkDone("w-1"));
			assertThat(events.get(0).payload().get("name").stringValue()).isEqualTo("w-1");
			// Published events are not delivered onward unless asked for.
			assertThat(context.getBean(WorkHandlers.class).events).isEmpty();
		});
	}

	@Test
	void aQueryIsAnsweredWithTheHandlersReplyToItsReplyAddress() {
		run((context) -> {
			MmateTestHarness harness = context.getBean(MmateTestHarness.class);
			HandlingResult result = harness.sendQuery(new GetWork("w-2"),
					PublishOptions.defaults().withCorrelationId("c-1"));
			assertThat(result).wasHandled()
				.hasReply()
				.hasType(WorkReply.class)
				.hasExchange("")
				.hasRoutingKey(MmateTestHarness.TEST_REPLY_ADDRESS)
				.hasCorrelationId("c-1")
				.hasPayloadField("status", "DONE");
			assertThat(result.settlement()).isInstanceOf(Settlement.AcknowledgeAfterReply.class);
			assertThat(harness.replies()).containsExactly(result.reply());
			assertThat(result.reply().payloadAs(WorkReply.class)).isEqualTo(new WorkReply("w-2", "DONE"));
		});
	}

	@Test
	void aPermanentFailureIsDeadLetteredAtOnceWithTheStartersFailureHeaders() {
		run((context) -> {
			MmateTestHarness harness = context.getBean(MmateTestHarness.class);
			context.getBean(WorkHandlers.class).permanent.set(true);
			HandlingResult result = harness.sendCommand(new Work("w-3"));
			assertThat(result).wasDeadLetteredWith(DeadLetterReason.HANDLER_FAILED).hasAttempts(1);
			assertThat(harness.deadLetters()).containsExactly(result.deadLetter());
			assertThat(result.deadLetter()).hasExchange("mmate.dlx")
				.hasRoutingKey("dlq." + HarnessContexts.SERVICE + "-queue")
				.hasDeadLetterReason(DeadLetterReason.HANDLER_FAILED)
				.hasHeader(DeadLetterHeaders.ORIGINAL_EXCHANGE, "mmate.commands")
				.hasHeader(DeadLetterHeaders.ORIGINAL_ROUTING_KEY, "cmd." + HarnessContexts.SERVICE + ".Work")
				.hasHeader(DeadLetterHeaders.EXCEPTION_TYPE, "io.mmate.PermanentFailureException")
				.hasHeader(DeadLetterHeaders.ATTEMPTS, 1)
				.hasPayloadField("name", "w-3");
			assertThat(harness.published()).isEmpty();
		});
	}

	@Test
	void aTransientFailureIsRetriedInProcessThenRedeliveredAfterTheConfiguredDelaysThenDeadLettered() {
		run((context) -> {
			MmateTestHarness harness = context.getBean(MmateTestHarness.class);
			WorkHandlers handlers = context.getBean(WorkHandlers.class);
			handlers.failuresLeft.set(Integer.MAX_VALUE);
			HandlingResult first = harness.sendCommand(new Work("w-4"));
			assertThat(first).wasRedeliveredAfter(Duration.ofSeconds(10)).hasAttempts(2);
			assertThat(first.redeliveriesBefore()).isZero();
			assertThat(first.redelivery()).hasHeader(DeadLetterHeaders.REDELIVERIES, 1)
				.hasHeader(DeadLetterHeaders.ATTEMPTS, 2);
			assertThat(harness.waiting()).isOne();
			// Not due yet: nothing happens.
			assertThat(harness.advance(Duration.ofSeconds(9))).isEmpty();
			List<HandlingResult> second = harness.advance(Duration.ofSeconds(1));
			assertThat(second).singleElement().satisfies((result) -> {
				assertThat(result).wasRedeliveredAfter(Duration.ofMinutes(1)).hasAttempts(2);
				assertThat(result.redeliveriesBefore()).isOne();
			});
			List<HandlingResult> third = harness.advance(Duration.ofMinutes(1));
			assertThat(third).singleElement()
				.satisfies((result) -> assertThat(result).wasDeadLetteredWith(DeadLetterReason.HANDLER_FAILED));
			assertThat(handlers.attempts).hasValue(6);
			assertThat(harness.deadLetters()).singleElement()
				.satisfies((deadLetter) -> assertThat(deadLetter).hasHeader(DeadLetterHeaders.ATTEMPTS, 6)
					.hasHeader(DeadLetterHeaders.REDELIVERIES, 2)
					.hasHeader(DeadLetterHeaders.ORIGINAL_EXCHANGE, "mmate.commands"));
			assertThat(harness.results()).hasSize(3);
			assertThat(harness.waiting()).isZero();
		});
	}

	@Test
	void aFailedMessageOfAPartitionedHandlerIsRetriedInProcessOnlyAsItsOrderedQueueAllows() {
		run((context) -> {
			MmateTestHarness harness = context.getBean(MmateTestHarness.class);
			HandlingResult result = harness.publishEvent(new Tick("t-1"));
			assertThat(result).wasDeadLetteredWith(DeadLetterReason.HANDLER_FAILED).hasAttempts(2);
			assertThat(context.getBean(OrderedHandlers.class).attempts).hasValue(2);
			assertThat(harness.waiting()).isZero();
		}, WorkHandlers.class, OrderedHandlers.class);
	}

	@Test
	void aRedeliveredMessageThatSucceedsCarriesItsFailureHistoryToTheHandler() {
		run((context) -> {
			MmateTestHarness harness = context.getBean(MmateTestHarness.class);
			WorkHandlers handlers = context.getBean(WorkHandlers.class);
			handlers.failuresLeft.set(2);
			assertThat(harness.sendCommand(new Work("w-5"))).wasRedeliveredAfter(Duration.ofSeconds(10));
			assertThat(harness.advance(Duration.ofSeconds(10))).singleElement()
				.satisfies((result) -> assertThat(result).wasHandled());
			assertThat(handlers.handled).containsExactly("w-5 redeliveries=1");
		});
	}

	@Test
	void aPayloadThatBreaksItsConstraintsIsDeadLetteredAsInvalid() {
		run((context) -> {
			MmateTestHarness harness = context.getBean(MmateTestHarness.class);
			assertThat(harness.sendCommand(new CheckedWork(" ")))
				.wasDeadLetteredWith(DeadLetterReason.VALIDATION_FAILED);
			assertThat(harness.sendCommand(new CheckedWork("ok"))).wasHandled();
		});
	}

	@Test
	void aFailedQueryIsAnsweredWithAnErrorReply() {
		run((context) -> {
			MmateTestHarness harness = context.getBean(MmateTestHarness.class);
			context.getBean(WorkHandlers.class).permanent.set(true);
			HandlingResult result = harness.sendQuery(new GetWork("w-6"));
			assertThat(result).wasDeadLetteredWith(DeadLetterReason.HANDLER_FAILED)
				.hasReply()
				.hasPayloadField("success", false)
				.hasPayloadField("errorCode", "HANDLER_FAILED")
				.hasPayloadField("errorMessage", "no work 'w-6'");
		});
	}

	@Test
	void aMessageWithoutHandlerAndAnUndecodableBodyAreDeadLetteredWithTheirReasons() {
		run((context) -> {
			MmateTestHarness harness = context.getBean(MmateTestHarness.class);
			String queue = HarnessContexts.SERVICE + "-queue";
			assertThat(harness.sendCommand(new RemindWork("nobody"))).wasDeadLetteredWith(DeadLetterReason.NO_HANDLER);
			HandlingResult undecodable = harness.deliver("", queue, "not json".getBytes(StandardCharsets.UTF_8),
					Map.of());
			assertThat(undecodable).wasDeadLetteredWith(DeadLetterReason.UNDECODABLE);
			assertThat(undecodable.deadLetter().isDecodable()).isFalse();
			assertThat(undecodable.deadLetter().bodyAsString()).isEqualTo("not json");
		}, WorkHandlers.class);
	}

	@Test
	void anEventOnACommandsRouteIsDeadLetteredAsAKindMismatch() {
		run((context) -> {
			MmateTestHarness harness = context.getBean(MmateTestHarness.class);
			String body = "{\"id\":\"m-1\",\"type\":\"Work\",\"kind\":\"event\",\"payload\":{\"name\":\"w-7\"}}";
			HandlingResult result = harness.deliver("", HarnessContexts.SERVICE + "-queue",
					body.getBytes(StandardCharsets.UTF_8), Map.of("x-message-kind", "event"));
			assertThat(result).wasDeadLetteredWith(DeadLetterReason.KIND_MISMATCH);
			assertThat(context.getBean(WorkHandlers.class).attempts).hasValue(0);
		});
	}

	@Test
	void withDeadLetteringOffAFailedMessageIsRejected() {
		HarnessContexts.harness()
			.withPropertyValues("mmate.dead-letter.enabled=false")
			.withUserConfiguration(WorkHandlers.class)
			.run((context) -> {
				context.getBean(WorkHandlers.class).permanent.set(true);
				HandlingResult result = context.getBean(MmateTestHarness.class).sendCommand(new Work("w-8"));
				assertThat(result).wasRejectedWith(DeadLetterReason.HANDLER_FAILED);
				assertThat(context.getBean(MmateTestHarness.class).deadLetters()).isEmpty();
			});
	}

	@Test
	void publishedMessagesReachTheApplicationsOwnHandlersWhenAskedFor() {
		run((context) -> {
			MmateTestHarness harness = context.getBean(MmateTestHarness.class);
			harness.deliverPublishedToOwnHandlers(true);
			assertThat(harness.sendCommand(new Work("w-9"))).wasHandled();
			assertThat(context.getBean(WorkHandlers.class).events).containsExactly("w-9");
			assertThat(harness.results()).hasSize(2);
			assertThat(harness.results().get(1).type()).isEqualTo("WorkDone");
		});
	}

	@Test
	void aScheduledMessageWaitsForVirtualTimeThenReachesItsHandler() {
		run((context) -> {
			MmateTestHarness harness = context.getBean(MmateTestHarness.class);
			PlanningHandlers planning = context.getBean(PlanningHandlers.class);
			planning.remindLater("w-10");
			assertThat(harness.scheduled()).singleElement()
				.satisfies((scheduled) -> assertThat(scheduled).hasType(RemindWork.class)
					.hasExchange("mmate.commands")
					.hasRoutingKey("cmd." + HarnessContexts.SERVICE + ".RemindWork"));
			assertThat(harness.scheduled().get(0).dueAt()).isAfter(harness.now().plus(Duration.ofMinutes(29)));
			assertThat(harness.published()).isEmpty();
			assertThat(harness.advance(Duration.ofMinutes(29))).isEmpty();
			assertThat(planning.reminded).isEmpty();
			assertThat(harness.advance(Duration.ofMinutes(1))).singleElement()
				.satisfies((result) -> assertThat(result).wasHandled());
			assertThat(planning.reminded).containsExactly("w-10");
			assertThat(harness.published(RemindWork.class)).hasSize(1);
		}, WorkHandlers.class, PlanningHandlers.class);
	}

	@Test
	void theApplicationsRequestsAreAnsweredByStubbedResponders() {
		run((context) -> {
			MmateTestHarness harness = context.getBean(MmateTestHarness.class);
			harness.respond(GetPrice.class, (query) -> new PriceReply(query.sku(), new BigDecimal("9.90")));
			assertThat(harness.sendCommand(new PriceWork("SKU-1"))).wasHandled();
			assertThat(context.getBean(PlanningHandlers.class).prices).containsExactly(new BigDecimal("9.90"));
			assertThat(harness.published(GetPrice.class)).singleElement()
				.satisfies((request) -> assertThat(request).hasExchange("mmate.queries")
					.hasRoutingKey("qry.GetPrice")
					.hasPayloadField("sku", "SKU-1"));
		}, WorkHandlers.class, PlanningHandlers.class);
	}

	@Test
	void anErrorReplyOfAResponderFailsTheRequestAsTheBridgeDoes() {
		run((context) -> {
			MmateTestHarness harness = context.getBean(MmateTestHarness.class);
			harness.respond(GetPrice.class, (query) -> ErrorReply.of("NO_PRICE", "no price for " + query.sku()));
			assertThatExceptionOfType(ErrorReplyException.class)
				.isThrownBy(() -> context.getBean(MessageRequester.class)
					.requestAndWait(new GetPrice("SKU-2"), PriceReply.class, Duration.ofSeconds(1)))
				.satisfies((ex) -> {
					assertThat(ex.getErrorCode()).isEqualTo("NO_PRICE");
					assertThat(ex.getErrorMessage()).isEqualTo("no price for SKU-2");
				});
		}, WorkHandlers.class, PlanningHandlers.class);
	}

	@Test
	void anUnansweredRequestFailsAtOnceNamingItsType() {
		run((context) -> {
			assertThatExceptionOfType(RequestTimeoutException.class)
				.isThrownBy(() -> context.getBean(MessageRequester.class)
					.requestAndWait(new GetPrice("SKU-3"), PriceReply.class, Duration.ofMinutes(5)))
				.withMessageContaining("'GetPrice'")
				.withMessageContaining("harness.respond(GetPrice.class");
		}, WorkHandlers.class, PlanningHandlers.class);
	}

	@Test
	void aRequestToTheApplicationsOwnHandlerIsAnsweredByItWhenPublishedMessagesAreDelivered() {
		run((context) -> {
			MmateTestHarness harness = context.getBean(MmateTestHarness.class);
			harness.deliverPublishedToOwnHandlers(true);
			WorkReply reply = context.getBean(MessageRequester.class)
				.requestAndWait(new GetWork("w-11"), WorkReply.class, Duration.ofSeconds(1));
			assertThat(reply).isEqualTo(new WorkReply("w-11", "DONE"));
			assertThat(harness.replies()).singleElement()
				.satisfies((sent) -> assertThat(sent).hasRoutingKey(HarnessTransport.REQUESTER_ADDRESS));
		});
	}

	@Test
	void aRefusedPublishFailsTheHandlerAsAnUnconfirmedPublishDoes() {
		run((context) -> {
			MmateTestHarness harness = context.getBean(MmateTestHarness.class);
			harness.refusePublishing(WorkDone.class, new PublishException("nack", "mmate.events", "evt", null));
			HandlingResult refused = harness.sendCommand(new Work("w-13"));
			assertThat(refused).wasRedeliveredAfter(Duration.ofSeconds(10)).hasAttempts(2);
			assertThat(refused.failure().cause()).hasRootCauseInstanceOf(PublishException.class);
			assertThat(harness.published()).isEmpty();
			harness.acceptPublishing(WorkDone.class);
			assertThat(harness.advance(Duration.ofSeconds(10))).singleElement()
				.satisfies((result) -> assertThat(result).wasHandled());
			assertThat(harness.published(WorkDone.class)).hasSize(1);
		});
	}

	@Test
	void resetForgetsEverything() {
		run((context) -> {
			MmateTestHarness harness = context.getBean(MmateTestHarness.class);
			context.getBean(WorkHandlers.class).failuresLeft.set(Integer.MAX_VALUE);
			harness.respond(GetPrice.class, (query) -> new PriceReply(query.sku(), BigDecimal.ONE));
			harness.deliverPublishedToOwnHandlers(true);
			harness.refusePublishing(WorkDone.class, new PublishException("nack", "mmate.events", "evt", null));
			harness.sendCommand(new Work("w-12"));
			harness.advance(Duration.ofHours(1));
			harness.reset();
			assertThat(harness.published()).isEmpty();
			assertThat(harness.deadLetters()).isEmpty();
			assertThat(harness.results()).isEmpty();
			assertThat(harness.waiting()).isZero();
			assertThat(((HarnessClock) harness.clock()).offset()).isZero();
			context.getBean(WorkHandlers.class).failuresLeft.set(0);
			assertThat(harness.sendCommand(new Work("w-12"))).wasHandled();
			assertThat(harness.results()).singleElement();
			assertThat(context.getBean(WorkHandlers.class).events).isEmpty();
			assertThatExceptionOfType(RequestTimeoutException.class)
				.isThrownBy(() -> context.getBean(MessageRequester.class)
					.requestAndWait(new GetPrice("SKU-4"), PriceReply.class, Duration.ofSeconds(1)));
		});
	}

	@Test
	void withoutAServiceNameTheHarnessRecordsWhatIsPublishedButDeliversNothing() {
		HarnessContexts.withoutServiceName().run((context) -> {
			MmateTestHarness harness = context.getBean(MmateTestHarness.class);
			context.getBean(MessagePublisher.class).publishEvent(new WorkDone("w-14")).join();
			assertThat(harness.published(WorkDone.class)).hasSize(1);
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> harness.publishEvent(new WorkDone("w-15")))
				.withMessageContaining("set mmate.service-name");
		});
	}

	@Test
	void theHarnessBacksOffWithMmate() {
		HarnessContexts.harness()
			.withPropertyValues("mmate.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MmateTestHarness.class)
				.doesNotHaveBean(MessagePublisher.class));
	}

	@Test
	void theHarnessRefusesToStartWhereMmateWouldStillReachTheBroker() {
		HarnessContexts.harness()
			.withPropertyValues("mmate.topology.declare=true", "mmate.listener.auto-startup=true")
			.withUserConfiguration(WorkHandlers.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("mmate.listener.auto-startup=false")
				.hasMessageContaining("mmate.topology.declare=false"));
	}

	private void run(ContextConsumer<AssertableApplicationContext> test) {
		run(test, WorkHandlers.class);
	}

	private void run(ContextConsumer<AssertableApplicationContext> test, Class<?>... handlers) {
		HarnessContexts.harness().withUserConfiguration(handlers).run(test);
	}

}
