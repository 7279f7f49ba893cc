package io.mmate.sample.order;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.mmate.MessageRequester;
import io.mmate.sample.order.contracts.GetOrderQuery;
import io.mmate.sample.order.contracts.OrderItem;
import io.mmate.sample.order.contracts.OrderLimits;
import io.mmate.sample.order.contracts.OrderReply;
import io.mmate.sample.order.contracts.PlaceOrderCommand;
import io.mmate.sample.order.contracts.PlaceOrderReply;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The order service's REST API, a client of the service's own messaging: each request becomes a command or query
 * sent through the {@link MessageRequester}, and the response is made from the handler's reply. Failures of the
 * exchange are turned into statuses by {@link OrderApiExceptionHandler}.
 */
@RestController
@RequestMapping("/orders")
public class OrderController {

	private final MessageRequester requester;

	private final String serviceName;

	private final Duration requestTimeout;

	public OrderController(MessageRequester requester, @Value("${mmate.service-name}") String serviceName,
			OrderServiceProperties properties) {
		this.requester = requester;
		this.serviceName = serviceName;
		this.requestTimeout = properties.requestTimeout();
	}

	/**
	 * Place an order: send a {@link PlaceOrderCommand} to the order service and answer 201 with its reply.
	 * @param request the order
	 * @return completes with 201, the placed order's id, status and location
	 */
	@PostMapping
	public CompletableFuture<ResponseEntity<OrderPlaced>> placeOrder(@Valid @RequestBody PlaceOrderRequest request) {
		PlaceOrderCommand command = new PlaceOrderCommand(UUID.randomUUID().toString(), request.customerId(),
				request.amount(), request.items());
		return this.requester.request(command, this.serviceName, PlaceOrderReply.class, this.requestTimeout)
			.thenApply((reply) -> ResponseEntity.created(URI.create("/orders/" + reply.orderId()))
				.body(new OrderPlaced(reply.orderId(), reply.status())));
	}

	/**
	 * Show one order: ask the order service with a {@link GetOrderQuery}.
	 * @param orderId the order's id
	 * @return completes with the order; an unknown order fails with the {@code ORDER_NOT_FOUND} error reply
	 */
	@GetMapping("/{orderId}")
	public CompletableFuture<Order> getOrder(@PathVariable String orderId) {
		return this.requester.request(new GetOrderQuery(orderId), OrderReply.class, this.requestTimeout)
			.thenApply((reply) -> new Order(reply.orderId(), reply.customerId(), reply.amount(), reply.items(),
					reply.status()));
	}

	/**
	 * The body of {@code POST /orders}, checked before a command is sent: a request that breaks a constraint is
	 * answered {@code 400 Bad Request} naming the fields.
	 *
	 * @param customerId the customer who orders, at most 64 characters
	 * @param amount the order total, more than 0 and at most 1,000,000, with at most two decimals
	 * @param items the order lines, at most 100
	 */
	public record PlaceOrderRequest(@NotBlank @Size(max = OrderLimits.MAX_TEXT) String customerId,
			@NotNull @Positive @DecimalMax(OrderLimits.MAX_AMOUNT) @Digits(integer = 7, fraction = 2)
			BigDecimal amount, @Size(max = OrderLimits.MAX_ITEMS) List<@Valid OrderItem> items) {

	}

	/**
	 * The answer to {@code POST /orders}: the order service has placed the order.
	 *
	 * @param orderId the id given to the order
	 * @param status the order's status, {@code PLACED}
	 */
	public record OrderPlaced(String orderId, String status) {

	}

}
