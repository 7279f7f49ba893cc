package io.mmate.sample.order;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.mmate.MessagePublisher;
import io.mmate.PublishException;
import io.mmate.sample.order.contracts.OrderItem;
import io.mmate.sample.order.contracts.PlaceOrderCommand;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The order service's REST API: accepts orders by sending a {@link PlaceOrderCommand} and shows stored orders.
 */
@RestController
@RequestMapping("/orders")
public class OrderController {

	private final MessagePublisher publisher;

	private final OrderRepository orders;

	private final String serviceName;

	public OrderController(MessagePublisher publisher, OrderRepository orders,
			@Value("${mmate.service-name}") String serviceName) {
		this.publisher = publisher;
		this.orders = orders;
		this.serviceName = serviceName;
	}

	/**
	 * Accept an order: send it as a command to the order service and answer 202 once the broker has confirmed it.
	 * @param request the order
	 * @return 202 with the new order's id and its location
	 */
	@PostMapping
	public CompletableFuture<ResponseEntity<OrderAccepted>> placeOrder(@RequestBody PlaceOrderRequest request) {
		if (!StringUtils.hasText(request.customerId()) || request.amount() == null || request.amount().signum() < 0) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"customerId is required and amount must be a non-negative number");
		}
		String orderId = UUID.randomUUID().toString();
		PlaceOrderCommand command = new PlaceOrderCommand(orderId, request.customerId(), request.amount(),
				request.items());
		return this.publisher.sendCommand(command, this.serviceName)
			.thenApply((receipt) -> ResponseEntity.accepted()
				.location(URI.create("/orders/" + orderId))
				.body(new OrderAccepted(orderId)));
	}

	/**
	 * Show one order.
	 * @param orderId the order's id
	 * @return the order, or 404 when it is unknown (or not placed yet)
	 */
	@GetMapping("/{orderId}")
	public ResponseEntity<Order> getOrder(@PathVariable String orderId) {
		return ResponseEntity.of(this.orders.findById(orderId));
	}

	@ExceptionHandler(PublishException.class)
	ProblemDetail publishFailed(PublishException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The order could not be handed to the broker: " + ex.getMessage());
		problem.setTitle("Order not accepted");
		return problem;
	}

	/**
	 * The body of {@code POST /orders}.
	 *
	 * @param customerId the customer who orders
	 * @param amount the order total
	 * @param items the order lines
	 */
	public record PlaceOrderRequest(String customerId, BigDecimal amount, List<OrderItem> items) {

	}

	/**
	 * The answer to {@code POST /orders}: the order is on its way to the order service.
	 *
	 * @param orderId the id given to the order
	 */
	public record OrderAccepted(String orderId) {

	}

}
