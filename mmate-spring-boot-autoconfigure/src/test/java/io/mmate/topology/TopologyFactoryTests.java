package io.mmate.topology;

import java.util.List;
import java.util.Map;

import io.mmate.MessageKind;
import io.mmate.dispatch.HandlerDefinition;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TopologyFactory} and {@link ServiceQueues}: a spec in, declarations out.
 */
class TopologyFactoryTests {

	@Test
	void declaresTheSixExchangesAsGoDoes() {
		Declarables declarables = TopologyFactory.create(List.of());
		assertThat(declarables.getDeclarablesByType(TopicExchange.class)).extracting(TopicExchange::getName)
			.containsExactly("mmate.commands", "mmate.events", "mmate.queries", "mmate.messages", "mmate.contracts",
					"mmate.dlx");
		assertThat(declarables.getDeclarablesByType(TopicExchange.class)).allSatisfy((exchange) -> {
			assertThat(exchange.isDurable()).isTrue();
			assertThat(exchange.isAutoDelete()).isFalse();
			assertThat(exchange.getArguments()).isEmpty();
		});
	}

	@Test
	void classicServiceQueueHasNoTypeArgumentAndADeadLetterQueue() {
		QueueSpec spec = new QueueSpec("svc-queue", QueueType.CLASSIC, Map.of("x-max-length", 10L),
				List.of(new BindingSpec("mmate.commands", "cmd.svc.Ping")), true);
		Declarables declarables = TopologyFactory.create(List.of(spec));
		List<Queue> queues = declarables.getDeclarablesByType(Queue.class);
		assertThat(queues).extracting(Queue::getName).containsExactly("svc-queue", "dlq.svc-queue");
		assertThat(queues.get(0).getArguments()).containsExactly(Map.entry("x-max-length", 10L));
		assertThat(queues.get(0).isDurable()).isTrue();
		assertThat(queues.get(1).getArguments()).isEmpty();
		assertThat(declarables.getDeclarablesByType(Binding.class))
			.extracting(Binding::getExchange, Binding::getRoutingKey, Binding::getDestination)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("mmate.commands", "cmd.svc.Ping", "svc-queue"),
					org.assertj.core.groups.Tuple.tuple("mmate.dlx", "dlq.svc-queue", "dlq.svc-queue"));
	}

	@Test
	void quorumTypeAppliesToTheServiceQueueAndItsDeadLetterQueue() {
		QueueSpec spec = new QueueSpec("svc-queue", QueueType.QUORUM, Map.of(), List.of(), true);
		assertThat(TopologyFactory.create(List.of(spec)).getDeclarablesByType(Queue.class))
			.allSatisfy((queue) -> assertThat(queue.getArguments()).containsEntry("x-queue-type", "quorum"));
	}

	@Test
	void withoutDeadLetteringNoDeadLetterQueue() {
		QueueSpec spec = new QueueSpec("svc-queue", QueueType.CLASSIC, Map.of(), List.of(), false);
		assertThat(TopologyFactory.create(List.of(spec)).getDeclarablesByType(Queue.class)).extracting(Queue::getName)
			.containsExactly("svc-queue");
	}

	@Test
	void handlersDeriveBindingsByKind() {
		List<HandlerDefinition> handlers = List.of(handler("PlaceOrder", MessageKind.COMMAND),
				handler("OrderPlaced", MessageKind.EVENT), handler("GetOrder", MessageKind.QUERY),
				handler("OrderReply", MessageKind.REPLY));
		assertThat(ServiceQueues.bindings("orders", handlers, List.of(new BindingSpec("mmate.messages", "x.#"))))
			.containsExactly(new BindingSpec("mmate.commands", "cmd.orders.PlaceOrder"),
					new BindingSpec("mmate.events", "evt.#.OrderPlaced"),
					new BindingSpec("mmate.queries", "qry.GetOrder"), new BindingSpec("mmate.messages", "x.#"));
		assertThat(ServiceQueues.queueName("orders")).isEqualTo("orders-queue");
	}

	private static HandlerDefinition handler(String type, MessageKind kind) {
		return new HandlerDefinition(type, kind, Object.class, (message, context) -> null, type);
	}

}
