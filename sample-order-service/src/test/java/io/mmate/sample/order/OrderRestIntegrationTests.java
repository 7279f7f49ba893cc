package io.mmate.sample.order;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.mmate.sample.order.OrderController.OrderPlaced;
import io.mmate.sample.order.OrderNotificationHandler.Notification;
import io.mmate.sample.order.contracts.OrderItem;
import io.mmate.test.broker.MmateBrokerConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The REST API end to end: {@code POST /orders} is answered with the reply to a command, and {@code GET} with the
 * reply to a query, both through the broker.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import({ MmateBrokerConfiguration.class, TraceRecorder.class })
class OrderRestIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	@LocalServerPort
	private int port;

	@Autowired
	private OrderNotificationHandler notifications;

	@Autowired
	private PaymentReminders reminders;

	private RestClient rest;

	@BeforeEach
	void createClient() {
		this.rest = RestClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
				// Tests assert on error statuses themselves.
			})
			.build();
	}

	@Test
	void aPostedOrderIsPlacedThroughTheBrokerAndShown() {
		ResponseEntity<OrderPlaced> placed = postOrder("customer-1", "30.00");
		assertThat(placed.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		String orderId = placed.getBody().orderId();
		assertThat(orderId).isNotBlank();
		assertThat(placed.getBody().status()).isEqualTo(Order.PLACED);
		assertThat(placed.getHeaders().getLocation()).hasToString("/orders/" + orderId);

		// The reply came after the handler stored the order, so it is there at once.
		ResponseEntity<Order> shown = this.rest.get().uri("/orders/{id}", orderId).retrieve().toEntity(Order.class);
		assertThat(shown.getStatusCode()).isEqualTo(HttpStatus.OK);
		Order order = shown.getBody();
		assertThat(order.orderId()).isEqualTo(orderId);
		assertThat(order.customerId()).isEqualTo("customer-1");
		assertThat(order.amount()).isEqualByComparingTo("30.00");
		assertThat(order.status()).isEqualTo(Order.PLACED);
		assertThat(order.items()).containsExactly(new OrderItem("SKU-1", 3, new BigDecimal("10.00")));
	}

	@Test
	void theScheduledPaymentReminderArrivesWhenDueAndNotBefore() {
		long start = System.nanoTime();
		String orderId = postOrder("customer-3", "5.00").getBody().orderId();
		// The tests set sample.payment-reminder-delay to 2 s.
		await().atMost(TIMEOUT).until(() -> this.reminders.sent().contains(orderId));
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		System.out.printf("payment reminder scheduled for +2 s arrived after %d ms%n", elapsed.toMillis());
		assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void theOrderPlacedEventReachesTheNotificationHandler() {
		String orderId = postOrder("customer-2", "12.00").getBody().orderId();
		Notification notification = await().atMost(TIMEOUT)
			.until(() -> this.notifications.notifications()
				.stream()
				.filter((candidate) -> candidate.orderId().equals(orderId))
				.findFirst()
				.orElse(null), (candidate) -> candidate != null);
		assertThat(notification.customerId()).isEqualTo("customer-2");
		assertThat(notification.amount()).isEqualByComparingTo("12.00");
		assertThat(notification.eventId()).isNotBlank();
	}

	@Test
	void anUnknownOrderIsNotFound() {
		ResponseEntity<ProblemDetail> response = this.rest.get()
			.uri("/orders/{id}", "no-such-order")
			.retrieve()
			.toEntity(ProblemDetail.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(response.getBody().getProperties()).containsEntry("errorCode", OrderHandlers.ORDER_NOT_FOUND);
		assertThat(response.getBody().getDetail()).contains("no-such-order");
	}

	@Test
	void anOrderWithoutCustomerIsABadRequest() {
		ResponseEntity<Void> response = this.rest.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("amount", 5))
			.retrieve()
			.toBodilessEntity();
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
	}

	@Test
	void invalidOrdersAreBadRequestsThatNameTheFields() {
		assertInvalid("{\"customerId\":\"c-1\",\"amount\":0}", "amount: must be greater than 0");
		assertInvalid("{\"customerId\":\"c-1\"}", "amount: must not be null");
		assertInvalid("{\"customerId\":\"c-1\",\"amount\":1000000.01}",
				"amount: must be less than or equal to 1000000");
		assertInvalid("{\"customerId\":\"" + "c".repeat(65) + "\",\"amount\":5}",
				"customerId: size must be between 0 and 64");
		assertInvalid("{\"customerId\":\"c-1\",\"amount\":5,\"items\":[{\"sku\":\"S\",\"quantity\":0,\"price\":5}]}",
				"items[0].quantity: must be greater than 0");
	}

	@Test
	void anAmountWithAHugeExponentIsABadRequestAtOnce() {
		long started = System.nanoTime();
		ResponseEntity<ProblemDetail> response = post("{\"customerId\":\"c-1\",\"amount\":1e1000000000}");
		long millis = (System.nanoTime() - started) / 1_000_000;
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(millis).isLessThan(5000);
	}

	private void assertInvalid(String body, String error) {
		ResponseEntity<ProblemDetail> response = post(body);
		assertThat(response.getStatusCode()).as(body).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getBody().getDetail()).as(body).contains(error);
	}

	private ResponseEntity<ProblemDetail> post(String body) {
		return this.rest.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(ProblemDetail.class);
	}

	private ResponseEntity<OrderPlaced> postOrder(String customerId, String amount) {
		Map<String, Object> body = Map.of("customerId", customerId, "amount", new BigDecimal(amount), "items",
				List.of(Map.of("sku", "SKU-1", "quantity", 3, "price", new BigDecimal("10.00"))));
		return this.rest.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(OrderPlaced.class);
	}

}
