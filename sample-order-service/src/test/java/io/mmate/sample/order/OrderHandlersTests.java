package io.mmate.sample.order;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import io.mmate.PublishException;
import io.mmate.sample.order.contracts.GetOrderQuery;
import io.mmate.sample.order.contracts.OrderItem;
import io.mmate.sample.order.contracts.OrderPlacedEvent;
import io.mmate.sample.order.contracts.OrderReply;
import io.mmate.sample.order.contracts.PlaceOrderCommand;
import io.mmate.sample.order.contracts.PlaceOrderReply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class OrderHandlersTests {

	private static final OrderServiceProperties PROPERTIES = new OrderServiceProperties(Duration.ofSeconds(5),
			Duration.ofMinutes(30));

	private final OrderRepository orders = new OrderRepository();

	private final RecordingMessagePublisher publisher = new RecordingMessagePublisher();

	private final OrderHandlers handlers = new OrderHandlers(this.orders, this.publisher,
			new PaymentReminders(new RecordingMessageScheduler(), this.orders, PROPERTIES));

	@Test
	void placingAnOrderStoresItPublishesTheEventAndReplies() {
		PlaceOrderCommand command = new PlaceOrderCommand("o-1", "c-1", new BigDecimal("20.00"),
				List.of(new OrderItem("SKU-1", 2, new BigDecimal("10.00"))));
		PlaceOrderReply reply = this.handlers.placeOrder(command);
		assertThat(reply).isEqualTo(new PlaceOrderReply(true, "o-1", Order.PLACED));
		assertThat(this.orders.findById("o-1")).hasValueSatisfying((order) -> {
			assertThat(order.customerId()).isEqualTo("c-1");
			assertThat(order.items()).containsExactlyElementsOf(command.items());
		});
		assertThat(this.publisher.events())
			.containsExactly(new OrderPlacedEvent("o-1", "c-1", new BigDecimal("20.00")));
		assertThat(this.publisher.events().get(0).aggregateId()).isEqualTo("o-1");
	}

	@Test
	void anUnconfirmedEventFailsTheCommand() {
		this.publisher.failWith(new PublishException("nack", "mmate.events", "evt.o-1.OrderPlacedEvent", null));
		assertThatExceptionOfType(PublishException.class)
			.isThrownBy(() -> this.handlers.placeOrder(new PlaceOrderCommand("o-1", "c-1", BigDecimal.ONE, null)));
	}

	@Test
	void aQueryForAKnownOrderIsAnsweredWithTheOrder() {
		List<OrderItem> items = List.of(new OrderItem("SKU-1", 1, BigDecimal.TEN));
		this.orders.save(new Order("o-1", "c-1", BigDecimal.TEN, items, Order.PLACED));
		OrderReply reply = this.handlers.getOrder(new GetOrderQuery("o-1"));
		assertThat(reply).isEqualTo(OrderReply.found("o-1", "c-1", BigDecimal.TEN, items, Order.PLACED));
		assertThat(reply.success()).isTrue();
		assertThat(reply.errorCode()).isNull();
	}

	@Test
	void aQueryForAnUnknownOrderIsAnsweredWithAnOrderReplyOfOrderNotFound() {
		OrderReply reply = this.handlers.getOrder(new GetOrderQuery("nope"));
		assertThat(reply.success()).isFalse();
		assertThat(reply.errorCode()).isEqualTo("ORDER_NOT_FOUND");
		assertThat(reply.errorMessage()).contains("nope");
		assertThat(reply.orderId()).isNull();
	}

}
