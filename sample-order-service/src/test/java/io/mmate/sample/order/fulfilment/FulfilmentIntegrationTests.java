package io.mmate.sample.order.fulfilment;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.mmate.sample.order.Order;
import io.mmate.sample.order.OrderRepository;
import io.mmate.sample.order.TraceRecorder;
import io.mmate.sample.order.contracts.OrderItem;
import io.mmate.sample.order.fulfilment.FulfilmentController.FulfilmentStarted;
import io.mmate.stageflow.CompensationResult;
import io.mmate.stageflow.Workflow;
import io.mmate.stageflow.WorkflowFailedException;
import io.mmate.stageflow.WorkflowRunner;
import io.mmate.stageflow.WorkflowStatus;
import io.mmate.stageflow.WorkflowStatusStore;
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
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The order fulfilment workflow on the broker, each stage run from its queue: a fulfilment reserves the stock, charges
 * the payment and ships; a declined payment (above {@code sample.card-limit}, 500 by default) is compensated by
 * releasing the stock, as the warehouse's tables show; and the REST API starts fulfilments and shows their status.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import({ MmateBrokerConfiguration.class, TraceRecorder.class })
class FulfilmentIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int STOCK = 10;

	@LocalServerPort
	private int port;

	@Autowired
	private WorkflowRunner runner;

	@Autowired
	private Workflow<FulfilmentState> fulfilment;

	@Autowired
	private WorkflowStatusStore statuses;

	@Autowired
	private OrderRepository orders;

	@Autowired
	private Warehouse warehouse;

	@Autowired
	private Payments payments;

	// A product of this test's own, so that its stock moves only with this test's fulfilments.
	private final String sku = "SKU-" + UUID.randomUUID();

	private RestClient rest;

	@BeforeEach
	void setUp() {
		this.warehouse.restock(this.sku, STOCK);
		this.rest = RestClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
				// Tests assert on error statuses themselves.
			})
			.build();
	}

	@Test
	void aFulfilmentReservesTheStockChargesThePaymentAndShips() throws Exception {
		Order order = placeOrder(3, "10.00");
		FulfilmentState fulfilled = this.runner.run(this.fulfilment, FulfilmentState.of(order), TIMEOUT)
			.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(fulfilled.shipped()).isTrue();
		assertThat(this.warehouse.available(this.sku)).isEqualTo(STOCK - 3);
		assertThat(this.warehouse.status(fulfilled.reservationId())).contains(Warehouse.SHIPPED);
		assertThat(this.warehouse.isShipped(order.orderId())).isTrue();
		assertThat(this.payments.status(fulfilled.paymentId())).contains(Payments.CHARGED);
		assertThat(this.orders.findById(order.orderId())).get()
			.extracting(Order::status)
			.isEqualTo(Order.SHIPPED);
		WorkflowStatus status = awaitFinished(fulfilled.reservationId());
		assertThat(status.status()).isEqualTo("completed");
		assertThat(status.completedStages()).isEqualTo(3);
	}

	@Test
	void aDeclinedPaymentReleasesTheReservedStock() {
		Order order = placeOrder(4, "150.00");
		WorkflowFailedException failure = failure(order);
		assertThat(failure.failedStageId()).isEqualTo("charge-payment");
		assertThat(failure).hasMessageContaining("Card declined for order " + order.orderId())
			.hasMessageContaining("above the card limit of 500");
		assertThat(failure.compensations()).extracting(CompensationResult::stageId, CompensationResult::status)
			.containsExactly(tuple("reserve-stock", "completed"));
		String instanceId = failure.instanceId();
		// The reservation was made, then given back: the stock is whole again, and nothing was charged or shipped.
		assertThat(this.warehouse.status(instanceId)).contains(Warehouse.RELEASED);
		assertThat(this.warehouse.available(this.sku)).isEqualTo(STOCK);
		assertThat(this.payments.status(instanceId)).isEmpty();
		assertThat(this.warehouse.isShipped(order.orderId())).isFalse();
		assertThat(this.orders.findById(order.orderId())).get().extracting(Order::status).isEqualTo(Order.PLACED);
		WorkflowStatus status = awaitFinished(instanceId);
		assertThat(status.status()).isEqualTo("compensated");
		assertThat(status.error()).contains("Card declined");
	}

	@Test
	void anOrderShortOfStockFailsAtTheFirstStageWithNothingToUndo() {
		Order order = placeOrder(STOCK + 1, "1.00");
		WorkflowFailedException failure = failure(order);
		assertThat(failure.failedStageId()).isEqualTo("reserve-stock");
		assertThat(failure).hasMessageContaining("Not enough stock of SKU '" + this.sku + "'");
		assertThat(failure.compensations()).isEmpty();
		assertThat(this.warehouse.status(failure.instanceId())).isEmpty();
		assertThat(this.warehouse.available(this.sku)).isEqualTo(STOCK);
		assertThat(awaitFinished(failure.instanceId()).status()).isEqualTo("failed");
	}

	@Test
	void aPostedFulfilmentIsAcceptedAndItsStatusShownUntilItCompletes() {
		Order order = placeOrder(2, "10.00");
		ResponseEntity<FulfilmentStarted> started = postFulfilment(order.orderId(), FulfilmentStarted.class);
		assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		String instanceId = started.getBody().instanceId();
		assertThat(instanceId).isNotBlank();
		assertThat(started.getBody().orderId()).isEqualTo(order.orderId());
		assertThat(started.getBody().statusUrl()).isEqualTo("/fulfilments/" + instanceId);
		assertThat(started.getHeaders().getLocation()).hasToString("/fulfilments/" + instanceId);

		WorkflowStatus status = await().atMost(TIMEOUT)
			.until(() -> this.rest.get().uri(started.getBody().statusUrl()).retrieve().body(WorkflowStatus.class),
					(shown) -> "completed".equals(shown.status()));
		assertThat(status.instanceId()).isEqualTo(instanceId);
		assertThat(status.workflowId()).isEqualTo(FulfilmentConfiguration.WORKFLOW_ID);
		assertThat(status.completedStages()).isEqualTo(3);
		assertThat(status.totalStages()).isEqualTo(3);
		assertThat(this.warehouse.available(this.sku)).isEqualTo(STOCK - 2);
		assertThat(this.warehouse.isShipped(order.orderId())).isTrue();

		// Shipped: a second fulfilment of the order is refused.
		ResponseEntity<ProblemDetail> again = postFulfilment(order.orderId(), ProblemDetail.class);
		assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(again.getBody().getDetail()).contains(order.orderId()).contains(Order.SHIPPED);
	}

	@Test
	void aPostedFulfilmentWithADeclinedPaymentShowsCompensated() {
		Order order = placeOrder(1, "500.01");
		String statusUrl = postFulfilment(order.orderId(), FulfilmentStarted.class).getBody().statusUrl();
		WorkflowStatus status = await().atMost(TIMEOUT)
			.until(() -> this.rest.get().uri(statusUrl).retrieve().body(WorkflowStatus.class),
					(shown) -> "compensated".equals(shown.status()));
		assertThat(status.error()).contains("Card declined");
		assertThat(this.warehouse.available(this.sku)).isEqualTo(STOCK);
		assertThat(this.warehouse.status(status.instanceId())).contains(Warehouse.RELEASED);
	}

	@Test
	void unknownOrdersAndFulfilmentsAreNotFound() {
		ResponseEntity<ProblemDetail> order = postFulfilment("no-such-order", ProblemDetail.class);
		assertThat(order.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(order.getBody().getDetail()).contains("no-such-order");
		ResponseEntity<ProblemDetail> fulfilment = this.rest.get()
			.uri("/fulfilments/{id}", "no-such-fulfilment")
			.retrieve()
			.toEntity(ProblemDetail.class);
		assertThat(fulfilment.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(fulfilment.getBody().getDetail()).contains("no-such-fulfilment");
	}

	@Test
	void aRequestWithoutOrderIdIsABadRequestNamingTheField() {
		ResponseEntity<ProblemDetail> response = this.rest.post()
			.uri("/fulfilments")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of())
			.retrieve()
			.toEntity(ProblemDetail.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getBody().getDetail()).isEqualTo("orderId: must not be blank");
	}

	private Order placeOrder(int quantity, String price) {
		BigDecimal amount = new BigDecimal(price).multiply(BigDecimal.valueOf(quantity));
		Order order = new Order("o-" + UUID.randomUUID(), "customer-f", amount,
				List.of(new OrderItem(this.sku, quantity, new BigDecimal(price))), Order.PLACED);
		return this.orders.save(order);
	}

	private WorkflowFailedException failure(Order order) {
		Throwable thrown = catchThrowable(() -> this.runner.run(this.fulfilment, FulfilmentState.of(order), TIMEOUT)
			.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
		assertThat(thrown).isInstanceOf(ExecutionException.class).cause().isInstanceOf(WorkflowFailedException.class);
		return (WorkflowFailedException) thrown.getCause();
	}

	private WorkflowStatus awaitFinished(String instanceId) {
		// The status is kept from the workflow's events, recorded once the broker has confirmed them.
		return await().atMost(TIMEOUT)
			.until(() -> this.statuses.find(instanceId).orElse(null),
					(status) -> status != null && !"running".equals(status.status()));
	}

	private <T> ResponseEntity<T> postFulfilment(String orderId, Class<T> type) {
		return this.rest.post()
			.uri("/fulfilments")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("orderId", orderId))
			.retrieve()
			.toEntity(type);
	}

}
