package io.mmate.sample.order;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import io.mmate.ErrorReplyException;
import io.mmate.Reply;
import io.mmate.RequestTimeoutException;
import io.mmate.UnroutableMessageException;
import io.mmate.sample.order.StubMessageRequester.Request;
import io.mmate.sample.order.contracts.GetOrderQuery;
import io.mmate.sample.order.contracts.OrderItem;
import io.mmate.sample.order.contracts.PlaceOrderCommand;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.matchesPattern;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The REST API against the real handlers, with requests answered in process instead of through the broker.
 */
class OrderControllerTests {

	private static final String ORDER = """
			{"customerId": "c-1", "amount": 20.00, "items": [{"sku": "SKU-1", "quantity": 2, "price": 10.00}]}
			""";

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	private final OrderRepository orders = new OrderRepository();

	private final OrderHandlers handlers = new OrderHandlers(this.orders, new RecordingMessagePublisher(),
			new PaymentReminders(new RecordingMessageScheduler(), this.orders, new OrderServiceProperties(TIMEOUT,
					java.time.Duration.ofMinutes(30))));

	private final StubMessageRequester requester = new StubMessageRequester(this::handle);

	private final MockMvc mvc = MockMvcBuilders
		.standaloneSetup(new OrderController(this.requester, "order-service", new OrderServiceProperties(TIMEOUT,
				java.time.Duration.ofMinutes(30))))
		.setControllerAdvice(new OrderApiExceptionHandler())
		.build();

	@Test
	void postingAnOrderSendsAPlaceOrderCommandAndAnswersCreatedWithTheReply() throws Exception {
		perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content(ORDER))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.orderId").value(matchesPattern("[0-9a-f-]{36}")))
			.andExpect(jsonPath("$.status").value(Order.PLACED))
			.andExpect(header().string("Location", matchesPattern("/orders/[0-9a-f-]{36}")));
		Request request = this.requester.requests().get(0);
		assertThat(request.targetService()).isEqualTo("order-service");
		assertThat(request.timeout()).isEqualTo(TIMEOUT);
		assertThat(request.message()).isInstanceOfSatisfying(PlaceOrderCommand.class, (command) -> {
			assertThat(command.customerId()).isEqualTo("c-1");
			assertThat(command.amount()).isEqualByComparingTo("20.00");
			assertThat(command.items()).containsExactly(new OrderItem("SKU-1", 2, new BigDecimal("10.00")));
			assertThat(this.orders.findById(command.orderId())).isPresent();
		});
	}

	@Test
	void anOrderWithoutAmountIsABadRequest() throws Exception {
		this.mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content("{\"customerId\": \"c-1\"}"))
			.andExpect(status().isBadRequest());
		assertThat(this.requester.requests()).isEmpty();
	}

	@Test
	void anOrderTheBrokerCannotRouteIsServiceUnavailable() throws Exception {
		this.requester.failWith(new UnroutableMessageException("mmate.commands",
				"cmd.order-service.PlaceOrderCommand", "NO_ROUTE"));
		perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content(ORDER))
			.andExpect(status().isServiceUnavailable());
	}

	@Test
	void anOrderTheServiceDoesNotAnswerInTimeIsGatewayTimeout() throws Exception {
		this.requester.failWith(new RequestTimeoutException("PlaceOrderCommand", "order-service", TIMEOUT));
		perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content(ORDER))
			.andExpect(status().isGatewayTimeout());
	}

	@Test
	void anOrderTheServiceFailsToPlaceIsBadGateway() throws Exception {
		this.requester.failWith(new ErrorReplyException("PlaceOrderCommand", "HANDLER_FAILED", "stock service down"));
		perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content(ORDER))
			.andExpect(status().isBadGateway())
			.andExpect(jsonPath("$.errorCode").value("HANDLER_FAILED"));
	}

	@Test
	void anOrderTheServiceFindsInvalidIsABadRequest() throws Exception {
		this.requester.failWith(new ErrorReplyException("PlaceOrderCommand", "VALIDATION_FAILED",
				"Message type 'PlaceOrderCommand' is invalid: amount: must be greater than 0"));
		perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content(ORDER))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errorCode").value("VALIDATION_FAILED"));
	}

	@Test
	void aStoredOrderIsShown() throws Exception {
		List<OrderItem> items = List.of(new OrderItem("SKU-1", 2, new BigDecimal("10.00")));
		this.orders.save(new Order("o-1", "c-1", new BigDecimal("20.00"), items, Order.PLACED));
		perform(get("/orders/o-1")).andExpect(status().isOk())
			.andExpect(jsonPath("$.orderId").value("o-1"))
			.andExpect(jsonPath("$.customerId").value("c-1"))
			.andExpect(jsonPath("$.items[0].sku").value("SKU-1"))
			.andExpect(jsonPath("$.status").value(Order.PLACED));
		assertThat(this.requester.requests()).singleElement()
			.satisfies((request) -> assertThat(request.message()).isEqualTo(new GetOrderQuery("o-1")));
	}

	@Test
	void anUnknownOrderIsNotFound() throws Exception {
		perform(get("/orders/unknown")).andExpect(status().isNotFound())
			.andExpect(jsonPath("$.errorCode").value(OrderHandlers.ORDER_NOT_FOUND));
	}

	@Test
	void aQueryTheServiceDoesNotAnswerInTimeIsGatewayTimeout() throws Exception {
		this.requester.failWith(new RequestTimeoutException("GetOrderQuery", "qry.GetOrderQuery", TIMEOUT));
		perform(get("/orders/o-1")).andExpect(status().isGatewayTimeout());
	}

	private ResultActions perform(RequestBuilder builder) throws Exception {
		MvcResult pending = this.mvc.perform(builder).andExpect(request().asyncStarted()).andReturn();
		return this.mvc.perform(asyncDispatch(pending));
	}

	private Reply handle(Object request) {
		if (request instanceof PlaceOrderCommand command) {
			return this.handlers.placeOrder(command);
		}
		return this.handlers.getOrder((GetOrderQuery) request);
	}

}
