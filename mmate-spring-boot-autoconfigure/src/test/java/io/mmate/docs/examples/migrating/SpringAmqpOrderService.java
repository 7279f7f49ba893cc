package io.mmate.docs.examples.migrating;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ParameterizedTypeReference;

/**
 * The order service of {@code docs/migrating.md} written with Spring AMQP. Documentation example: compiled, and
 * compared with the guide by {@code DocsExamplesTests}; not a bean of any test.
 */
final class SpringAmqpOrderService {

	private SpringAmqpOrderService() {
	}

	record PlaceOrderCommand(String orderId, String customerId, BigDecimal amount) {
	}

	record OrderPlacedEvent(String orderId, BigDecimal amount) {
	}

	record GetOrderQuery(String orderId) {
	}

	record OrderReply(boolean success, String orderId, String status) {
	}

	// tag::topology[]
	static class OrderTopology {

		@Bean
		TopicExchange orders() {
			return new TopicExchange("orders");
		}

		@Bean
		Queue orderServiceQueue() {
			return QueueBuilder.durable("order-service").deadLetterExchange("orders.dlx").build();
		}

		@Bean
		Binding placeOrderBinding(Queue orderServiceQueue, TopicExchange orders) {
			return BindingBuilder.bind(orderServiceQueue).to(orders).with("order.place");
		}

		@Bean
		Queue getOrderQueue() {
			return QueueBuilder.durable("order-service.get-order").build();
		}

		@Bean
		Binding getOrderBinding(Queue getOrderQueue, TopicExchange orders) {
			return BindingBuilder.bind(getOrderQueue).to(orders).with("order.get");
		}

		@Bean
		JacksonJsonMessageConverter messageConverter() {
			return new JacksonJsonMessageConverter();
		}

	}
	// end::topology[]

	// tag::listeners[]
	static class OrderListeners {

		private final Map<String, PlaceOrderCommand> orders = new ConcurrentHashMap<>();

		private final RabbitTemplate rabbit;

		OrderListeners(RabbitTemplate rabbit) {
			this.rabbit = rabbit;
		}

		@RabbitListener(queues = "order-service")
		void on(PlaceOrderCommand command) throws Exception {
			orders.put(command.orderId(), command);
			CorrelationData confirm = new CorrelationData(command.orderId());
			rabbit.convertAndSend("orders", "order.placed", new OrderPlacedEvent(command.orderId(), command.amount()),
					confirm);
			if (!confirm.getFuture().get(10, TimeUnit.SECONDS).ack()) {
				throw new IllegalStateException("Order event not confirmed");
			}
		}

		@RabbitListener(queues = "order-service.get-order")
		OrderReply on(GetOrderQuery query) {
			PlaceOrderCommand order = orders.get(query.orderId());
			return (order != null) ? new OrderReply(true, order.orderId(), "PLACED")
					: new OrderReply(false, query.orderId(), "NOT_FOUND");
		}

	}
	// end::listeners[]

	static OrderReply send(RabbitTemplate rabbit) {
		// tag::send[]
		rabbit.convertAndSend("orders", "order.place", new PlaceOrderCommand("o-1", "c-1", new BigDecimal("12.50")));
		OrderReply reply = rabbit.convertSendAndReceiveAsType("orders", "order.get", new GetOrderQuery("o-1"),
				new ParameterizedTypeReference<OrderReply>() {
				});
		// end::send[]
		return reply;
	}

}
