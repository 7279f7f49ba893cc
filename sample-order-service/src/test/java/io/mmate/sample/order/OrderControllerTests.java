package io.mmate.sample.order;

import java.math.BigDecimal;
import java.util.List;

import io.mmate.ErrorReply;
import io.mmate.PublishException;
import io.mmate.UnroutableMessageException;
import io.mmate.sample.order.contracts.GetOrderQuery;
import io.mmate.sample.order.contracts.OrderItem;
import io.mmate.sample.order.contracts.OrderPlacedEvent;
import io.mmate.sample.order.contracts.PlaceOrderCommand;
import io.mmate.test.MmateTest;
import io.mmate.test.MmateTestHarness;
import io.mmate.test.RecordedMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static io.mmate.test.MmateAssertions.assertThat;
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
 * The REST API of the running application, with the Mmate test harness in place of the broker: the controller's
 * requests reach the service's own handlers through the harness, or a stubbed responder, and no broker is needed.
 */
// The StageFlow engine consumes its queues from the broker whatever @MmateTest sets: it is off here, and with it
// the order fulfilment (FulfilmentIntegrationTests runs that on the broker).
@SpringBootTest(properties = "mmate.stageflow.enabled=false")
@MmateTest
class OrderControllerTests {

	private static final String ORDER = """
			{"customerId": "c-1", "amount": 20.00, "items": [{"sku": "SKU-1", "quantity": 2, "price": 10.00}]}
			""";

	@Autowired
	private MmateTestHarness harness;

	@Autowired
	private OrderRepository orders;

	private MockMvc mvc;

	@BeforeEach
	void setUp(WebApplicationContext context) {
		this.mvc = MockMvcBuilders.webAppContextSetup(context).build();
	}

	@Test
	void postingAnOrderSendsAPlaceOrderCommandToTheServiceAndAnswersCreatedWithItsReply() throws Exception {
		this.harness.deliverPublishedToOwnHandlers(true);
		perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content(ORDER))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.orderId").value(matchesPattern("[0-9a-f-]{36}")))
			.andExpect(jsonPath("$.status").value(Order.PLACED))
			.andExpect(header().string("Location", matchesPattern("/orders/[0-9a-f-]{36}")));
		RecordedMessage request = this.harness.published(PlaceOrderCommand.class).get(0);
		assertThat(request).hasExchange("mmate.commands")
			.hasRoutingKey("cmd.order-service.PlaceOrderCommand")
			.hasPayloadField("customerId", "c-1")
			.hasPayloadField("amount", 20)
			.hasPayloadField("items.0.sku", "SKU-1");
		assertThat(request.replyTo()).startsWith("bridge.reply.");
		PlaceOrderCommand command = request.payloadAs(PlaceOrderCommand.class);
		assertThat(command.items()).containsExactly(new OrderItem("SKU-1", 2, new BigDecimal("10.00")));
		assertThat(this.orders.findById(command.orderId())).isPresent();
		assertThat(this.harness.replies()).singleElement()
			.satisfies((reply) -> assertThat(reply).hasCorrelationId(request.correlationId()));
	}

	@Test
	void anOrderWithoutAmountIsABadRequest() throws Exception {
		this.mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content("{\"customerId\": \"c-1\"}"))
			.andExpect(status().isBadRequest());
		assertThat(this.harness.published()).isEmpty();
	}

	@Test
	void anOrderTheBrokerCannotRouteIsServiceUnavailable() throws Exception {
		this.harness.refusePublishing(PlaceOrderCommand.class, new UnroutableMessageException("mmate.commands",
				"cmd.order-service.PlaceOrderCommand", "NO_ROUTE"));
		perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content(ORDER))
			.andExpect(status().isServiceUnavailable());
	}

	@Test
	void anOrderNothingAnswersIsGatewayTimeout() throws Exception {
		perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content(ORDER))
			.andExpect(status().isGatewayTimeout());
		assertThat(this.harness.published(PlaceOrderCommand.class)).hasSize(1);
	}

	@Test
	void anOrderTheServiceFailsToPlaceIsBadGatewayWithTheErrorReplysCode() throws Exception {
		// The handler cannot publish its event: after its in-process retries, the waiting requester gets the error
		// reply, as it would from the broker.
		this.harness.deliverPublishedToOwnHandlers(true);
		this.harness.refusePublishing(OrderPlacedEvent.class,
				new PublishException("nack", "mmate.events", "evt", null));
		perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content(ORDER))
			.andExpect(status().isBadGateway())
			.andExpect(jsonPath("$.errorCode").value("HANDLER_FAILED"));
		assertThat(this.harness.deadLetters()).hasSize(1);
	}

	@Test
	void anOrderTheServiceFindsInvalidIsABadRequest() throws Exception {
		this.harness.respond(PlaceOrderCommand.class, (command) -> ErrorReply.of("VALIDATION_FAILED",
				"Message type 'PlaceOrderCommand' is invalid: amount: must be greater than 0"));
		perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content(ORDER))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errorCode").value("VALIDATION_FAILED"));
	}

	@Test
	void aStoredOrderIsShown() throws Exception {
		this.harness.deliverPublishedToOwnHandlers(true);
		List<OrderItem> items = List.of(new OrderItem("SKU-1", 2, new BigDecimal("10.00")));
		this.orders.save(new Order("o-shown", "c-1", new BigDecimal("20.00"), items, Order.PLACED));
		perform(get("/orders/o-shown")).andExpect(status().isOk())
			.andExpect(jsonPath("$.orderId").value("o-shown"))
			.andExpect(jsonPath("$.customerId").value("c-1"))
			.andExpect(jsonPath("$.items[0].sku").value("SKU-1"))
			.andExpect(jsonPath("$.status").value(Order.PLACED));
		assertThat(this.harness.published()).singleElement()
			.satisfies((query) -> assertThat(query).hasRoutingKey("qry.GetOrderQuery")
				.hasPayload(new GetOrderQuery("o-shown")));
	}

	@Test
	void anUnknownOrderIsNotFound() throws Exception {
		this.harness.deliverPublishedToOwnHandlers(true);
		perform(get("/orders/unknown")).andExpect(status().isNotFound())
			.andExpect(jsonPath("$.errorCode").value(OrderHandlers.ORDER_NOT_FOUND));
	}

	@Test
	void aQueryNothingAnswersIsGatewayTimeout() throws Exception {
		perform(get("/orders/o-1")).andExpect(status().isGatewayTimeout());
	}

	private ResultActions perform(RequestBuilder builder) throws Exception {
		MvcResult pending = this.mvc.perform(builder).andExpect(request().asyncStarted()).andReturn();
		return this.mvc.perform(asyncDispatch(pending));
	}

}
