package io.mmate.sample.order;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.mmate.PublishException;
import io.mmate.sample.order.OrderPlacement.PlacedOrder;
import io.mmate.sample.order.contracts.OrderItem;
import io.mmate.sample.order.contracts.PlaceOrderCommand;
import io.mmate.test.broker.MmateBrokerConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Placing an order in a database transaction, with the starter's real publisher and the broker: the event and the
 * reminder leave only when the transaction commits, and not at all when it rolls back.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import({ MmateBrokerConfiguration.class, TraceRecorder.class })
class OrderPlacementIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	@Autowired
	private OrderPlacement placement;

	@Autowired
	private OrderRepository orders;

	@Autowired
	private OrderNotificationHandler notifications;

	@Autowired
	private TransactionTemplate transactions;

	private final String orderId = "o-" + UUID.randomUUID();

	@Test
	void theEventOfACommittedOrderIsPublishedAfterTheCommit() throws Exception {
		PlacedOrder placed = this.transactions.execute((status) -> {
			PlacedOrder inTransaction = this.placement.place(command());
			// Held back until the commit: nothing has been sent yet.
			assertThat(inTransaction.confirmed()).isNotDone();
			return inTransaction;
		});
		placed.confirmed().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(this.orders.findById(this.orderId)).isPresent();
		await().atMost(TIMEOUT)
			.until(() -> this.notifications.notifications()
				.stream()
				.anyMatch((notification) -> notification.orderId().equals(this.orderId)));
	}

	@Test
	void anOrderWhoseTransactionRollsBackIsNeitherStoredNorAnnounced() {
		PlacedOrder placed = this.transactions.execute((status) -> {
			PlacedOrder inTransaction = this.placement.place(command());
			status.setRollbackOnly();
			return inTransaction;
		});
		assertThat(this.orders.findById(this.orderId)).isEmpty();
		assertThatThrownBy(() -> placed.confirmed().join()).isInstanceOf(CompletionException.class)
			.cause()
			.isInstanceOf(PublishException.class)
			.hasMessageContaining("did not commit");
	}

	private PlaceOrderCommand command() {
		return new PlaceOrderCommand(this.orderId, "customer-tx", new BigDecimal("7.50"),
				List.of(new OrderItem("SKU-1", 3, new BigDecimal("2.50"))));
	}

}
