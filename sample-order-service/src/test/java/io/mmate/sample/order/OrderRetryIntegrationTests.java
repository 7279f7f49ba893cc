package io.mmate.sample.order;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.mmate.MessagePublisher;
import io.mmate.sample.order.contracts.OrderItem;
import io.mmate.sample.order.contracts.PlaceOrderCommand;
import io.mmate.test.broker.MmateBrokerConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Placing an order runs again when its command is retried or delivered again; the side effects that already
 * happened are not repeated for the customer: one notification and one payment reminder, whatever the number of runs.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = "sample.payment-reminder-delay=1s")
@Import(MmateBrokerConfiguration.class)
class OrderRetryIntegrationTests {

	@Autowired
	private MessagePublisher publisher;

	@Autowired
	private OrderNotificationHandler notifications;

	@Autowired
	private PaymentReminders reminders;

	@Test
	void anOrderPlacedTwiceNotifiesAndRemindsItsCustomerOnce() {
		String orderId = UUID.randomUUID().toString();
		PlaceOrderCommand command = new PlaceOrderCommand(orderId, "customer-r", new BigDecimal("9.00"),
				List.of(new OrderItem("SKU-9", 1, new BigDecimal("9.00"))));
		// Two runs of the handler for the same order, as a retry after a failure part-way would make.
		this.publisher.sendCommand(command, OrderHandlers.SERVICE).join();
		this.publisher.sendCommand(command, OrderHandlers.SERVICE).join();
		await().atMost(Duration.ofSeconds(20)).until(() -> notified(orderId) == 1 && reminded(orderId) == 1);
		// The second run's event and reminder come a moment after the first's: they must stay dropped.
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
			.until(() -> notified(orderId) == 1 && reminded(orderId) == 1);
		assertThat(notified(orderId)).isEqualTo(1);
		assertThat(reminded(orderId)).isEqualTo(1);
	}

	private long notified(String orderId) {
		return this.notifications.notifications().stream().filter((n) -> n.orderId().equals(orderId)).count();
	}

	private long reminded(String orderId) {
		return this.reminders.sent().stream().filter(orderId::equals).count();
	}

}
