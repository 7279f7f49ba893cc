package io.mmate.sample.order;

import java.math.BigDecimal;
import java.util.List;

import io.mmate.UnroutableMessageException;
import io.mmate.sample.order.contracts.OrderItem;
import io.mmate.sample.order.contracts.PlaceOrderCommand;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class OrderControllerTests {

	private static final String ORDER = """
			{"customerId": "c-1", "amount": 20.00, "items": [{"sku": "SKU-1", "quantity": 2, "price": 10.00}]}
			""";

	private final RecordingMessagePublisher publisher = new RecordingMessagePublisher();

	private final OrderRepository orders = new OrderRepository();

	private final MockMvc mvc = MockMvcBuilders
		.standaloneSetup(new OrderController(this.publisher, this.orders, "order-service"))
		.build();

	@Test
	void postingAnOrderSendsAPlaceOrderCommandAndAnswersAccepted() throws Exception {
		MvcResult pending = this.mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content(ORDER))
			.andExpect(request().asyncStarted())
			.andReturn();
		this.mvc.perform(asyncDispatch(pending))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.orderId").value(matchesPattern("[0-9a-f-]{36}")))
			.andExpect(header().string("Location", startsWith("/orders/")));
		assertThat(this.publisher.commands()).singleElement().isInstanceOfSatisfying(PlaceOrderCommand.class,
				(command) -> {
					assertThat(command.customerId()).isEqualTo("c-1");
					assertThat(command.amount()).isEqualByComparingTo("20.00");
					assertThat(command.items()).containsExactly(new OrderItem("SKU-1", 2, new BigDecimal("10.00")));
				});
	}

	@Test
	void anOrderTheBrokerCannotRouteIsServiceUnavailable() throws Exception {
		this.publisher.failWith(new UnroutableMessageException("mmate.commands",
				"cmd.order-service.PlaceOrderCommand", "NO_ROUTE"));
		MvcResult pending = this.mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content(ORDER))
			.andReturn();
		this.mvc.perform(asyncDispatch(pending)).andExpect(status().isServiceUnavailable());
	}

	@Test
	void anOrderWithoutAmountIsABadRequest() throws Exception {
		this.mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content("{\"customerId\": \"c-1\"}"))
			.andExpect(status().isBadRequest());
		assertThat(this.publisher.commands()).isEmpty();
	}

	@Test
	void aStoredOrderIsShown() throws Exception {
		this.orders.save(new Order("o-1", "c-1", new BigDecimal("20.00"), List.of(), Order.PLACED));
		this.mvc.perform(get("/orders/o-1"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.customerId").value("c-1"))
			.andExpect(jsonPath("$.status").value("PLACED"));
	}

	@Test
	void anUnknownOrderIsNotFound() throws Exception {
		this.mvc.perform(get("/orders/unknown")).andExpect(status().isNotFound());
	}

}
