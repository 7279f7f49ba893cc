package io.mmate.sample.order;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.mmate.DeadLetterReason;
import io.mmate.PublishException;
import io.mmate.PublishOptions;
import io.mmate.sample.order.contracts.GetOrderQuery;
import io.mmate.sample.order.contracts.OrderItem;
import io.mmate.sample.order.contracts.OrderPlacedEvent;
import io.mmate.sample.order.contracts.OrderReply;
import io.mmate.sample.order.contracts.PaymentReminderCommand;
import io.mmate.sample.order.contracts.PlaceOrderCommand;
import io.mmate.sample.order.contracts.PlaceOrderReply;
import io.mmate.test.HandlingResult;
import io.mmate.test.MmateTest;
import io.mmate.test.MmateTestHarness;
import io.mmate.test.RecordedMessage;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static io.mmate.test.MmateAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order service's handlers in the running application, with the Mmate test harness in place of the broker:
 * messages go through the starter's real dispatcher, validation, retries and failure decisions, and no broker is
 * needed.
 */
// The StageFlow engine consumes its queues from the broker whatever @MmateTest sets: it is off here, and with it
// the order fulfilment (FulfilmentIntegrationTests runs that on the broker).
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "mmate.stageflow.enabled=false")
@MmateTest
class OrderHandlersTests {

	@Autowired
	private MmateTestHarness harness;

	@Autowired
	private OrderRepository orders;

	@Autowired
	private PaymentReminders reminders;

	@Autowired
	private OrderNotificationHandler notifications;

	@Autowired
	private OrderServiceProperties properties;

	private final String orderId = "o-" + UUID.randomUUID();

	@Test
	void placingAnOrderStoresItPublishesTheEventSchedulesTheReminderAndReplies() {
		PlaceOrderCommand command = new PlaceOrderCommand(this.orderId, "c-1", new BigDecimal("20.00"),
				List.of(new OrderItem("SKU-1", 2, new BigDecimal("10.00"))));
		HandlingResult result = this.harness.sendCommand(command, replyRequested());
		assertThat(result).wasHandled()
			.hasReply()
			.hasType(PlaceOrderReply.class)
			.hasPayloadField("orderId", this.orderId)
			.hasPayloadField("status", Order.PLACED);
		assertThat(result.reply().payloadAs(PlaceOrderReply.class))
			.isEqualTo(new PlaceOrderReply(true, this.orderId, Order.PLACED));
		assertThat(this.orders.findById(this.orderId)).hasValueSatisfying((order) -> {
			assertThat(order.customerId()).isEqualTo("c-1");
			assertThat(order.items()).containsExactlyElementsOf(command.items());
		});
		assertThat(this.harness.published(OrderPlacedEvent.class)).singleElement()
			.satisfies((event) -> assertThat(event).hasExchange("mmate.events")
				.hasRoutingKey("evt." + this.orderId + ".OrderPlacedEvent")
				.hasPayloadField("customerId", "c-1")
				.hasPayloadField("amount", 20)
				.hasPayload(new OrderPlacedEvent(this.orderId, "c-1", new BigDecimal("20.00"))));
		assertThat(this.harness.published(OrderPlacedEvent.class).get(0).messageId())
			.isEqualTo("order-placed-" + this.orderId);
		RecordedMessage reminder = this.harness.scheduled().get(0);
		assertThat(reminder).hasType(PaymentReminderCommand.class)
			.hasExchange("mmate.commands")
			.hasRoutingKey("cmd.order-service.PaymentReminderCommand")
			.hasPayloadField("orderId", this.orderId);
		assertThat(reminder.dueAt()).isAfter(this.harness.now());
	}

	@Test
	void theReminderOfAnUnpaidOrderIsSentWhenItFallsDue() {
		this.harness.sendCommand(new PlaceOrderCommand(this.orderId, "c-1", BigDecimal.TEN, null));
		assertThat(this.reminders.sent()).doesNotContain(this.orderId);
		List<HandlingResult> due = this.harness.advance(this.properties.paymentReminderDelay());
		assertThat(due).singleElement().satisfies((result) -> assertThat(result).wasHandled());
		assertThat(this.reminders.sent()).contains(this.orderId);
	}

	@Test
	void anUnconfirmedEventFailsTheCommandWhichIsRedeliveredLater() {
		this.harness.refusePublishing(OrderPlacedEvent.class,
				new PublishException("nack", "mmate.events", "evt." + this.orderId + ".OrderPlacedEvent", null));
		HandlingResult result = this.harness
			.sendCommand(new PlaceOrderCommand(this.orderId, "c-1", BigDecimal.ONE, null));
		assertThat(result).wasRedeliveredAfter(Duration.ofSeconds(10)).hasAttempts(3);
		assertThat(result.failure().cause()).isInstanceOf(PublishException.class);
		this.harness.acceptPublishing(OrderPlacedEvent.class);
		// The payment reminders each attempt scheduled fall due too; the command is handled on its redelivery.
		assertThat(this.harness.advance(Duration.ofSeconds(10)))
			.filteredOn((redelivered) -> redelivered.type().equals("PlaceOrderCommand"))
			.singleElement()
			.satisfies((redelivered) -> assertThat(redelivered).wasHandled());
		assertThat(this.harness.published(OrderPlacedEvent.class)).hasSize(1);
	}

	@Test
	void anInvalidCommandIsDeadLetteredAndTheRequesterToldWhy() {
		HandlingResult result = this.harness
			.sendCommand(new PlaceOrderCommand(this.orderId, "c-1", new BigDecimal("-1"), null), replyRequested());
		assertThat(result).wasDeadLetteredWith(DeadLetterReason.VALIDATION_FAILED)
			.hasReply()
			.hasPayloadField("success", false)
			.hasPayloadField("errorCode", "VALIDATION_FAILED");
		assertThat(this.orders.findById(this.orderId)).isEmpty();
		assertThat(this.harness.published()).isEmpty();
	}

	@Test
	void aQueryForAKnownOrderIsAnsweredWithTheOrder() {
		// Two decimals, as the database keeps amounts (NUMERIC(9, 2)): the reply is compared with equals.
		BigDecimal ten = new BigDecimal("10.00");
		List<OrderItem> items = List.of(new OrderItem("SKU-1", 1, ten));
		this.orders.save(new Order(this.orderId, "c-1", ten, items, Order.PLACED));
		HandlingResult result = this.harness.sendQuery(new GetOrderQuery(this.orderId));
		assertThat(result).wasHandled().hasReply().hasPayloadField("success", true);
		assertThat(result.reply().payloadAs(OrderReply.class))
			.isEqualTo(OrderReply.found(this.orderId, "c-1", ten, items, Order.PLACED));
	}

	@Test
	void aQueryForAnUnknownOrderIsAnsweredWithAnOrderReplyOfOrderNotFound() {
		HandlingResult result = this.harness.sendQuery(new GetOrderQuery("nope"));
		assertThat(result).wasHandled()
			.hasReply()
			.hasType(OrderReply.class)
			.hasPayloadField("success", false)
			.hasPayloadField("errorCode", OrderHandlers.ORDER_NOT_FOUND);
		assertThat(result.reply().payloadAs(OrderReply.class).errorMessage()).contains("nope");
	}

	@Test
	void aPlacedOrderEventNotifiesTheCustomer() {
		assertThat(this.harness.publishEvent(new OrderPlacedEvent(this.orderId, "c-2", BigDecimal.ONE)))
			.wasHandled();
		assertThat(this.notifications.notifications())
			.anySatisfy((notification) -> assertThat(notification.orderId()).isEqualTo(this.orderId));
	}

	private static PublishOptions replyRequested() {
		return PublishOptions.defaults()
			.withReplyTo(MmateTestHarness.TEST_REPLY_ADDRESS)
			.withCorrelationId(UUID.randomUUID().toString());
	}

}
