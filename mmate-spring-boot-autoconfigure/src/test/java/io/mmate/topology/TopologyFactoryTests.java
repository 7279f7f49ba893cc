package io.mmate.topology;

import java.util.List;
import java.util.Map;

import io.mmate.MessageKind;
import io.mmate.delay.DelayMechanism;
import io.mmate.dispatch.HandlerDefinition;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;

import static io.mmate.topology.TestSettings.handler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Tests for {@link TopologyFactory} and {@link ServiceTopology}: settings and handlers in, declarations out.
 */
class TopologyFactoryTests {

	private static final List<HandlerDefinition> PING = List.of(handler("Ping", MessageKind.COMMAND));

	@Test
	void declaresTheSixExchangesAsGoDoes() {
		Declarables declarables = declarables(TestSettings.publisherOnly(), List.of());
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
	void publisherOnlyApplicationHasNoQueues() {
		ServiceTopology topology = TopologyFactory.create(TestSettings.publisherOnly().build(), List.of());
		assertThat(topology.serviceName()).isNull();
		assertThat(topology.hasServiceQueue()).isFalse();
		assertThat(topology.hasPartitions()).isFalse();
		assertThat(topology.hasBroadcast()).isFalse();
		assertThat(topology.declarables(null).getDeclarables()).hasSize(6);
	}

	@Test
	void serviceWithoutHandlersOrExtraBindingsHasNoServiceQueue() {
		ServiceTopology topology = TopologyFactory.create(TestSettings.service("svc").build(), List.of());
		assertThat(topology.hasServiceQueue()).isFalse();
		assertThat(topology.declarables(null).getDeclarablesByType(Queue.class)).isEmpty();
	}

	@Test
	void extraBindingsAloneDeclareTheServiceQueue() {
		ServiceTopology topology = TopologyFactory
			.create(TestSettings.service("svc").binding("mmate.messages", "x.#").build(), List.of());
		assertThat(topology.serviceQueue().bindings()).containsExactly(new BindingSpec("mmate.messages", "x.#"));
	}

	@Test
	void classicServiceQueueHasNoTypeArgumentAndADeadLetterQueue() {
		Declarables declarables = declarables(TestSettings.service("svc").argument("x-max-length", 10L), PING);
		List<Queue> queues = declarables.getDeclarablesByType(Queue.class);
		assertThat(queues).extracting(Queue::getName).containsExactly("svc-queue", "dlq.svc-queue");
		assertThat(queues.get(0).getArguments()).containsExactly(Map.entry("x-max-length", 10L));
		assertThat(queues.get(0).isDurable()).isTrue();
		assertThat(queues.get(1).getArguments()).isEmpty();
		assertThat(declarables.getDeclarablesByType(Binding.class))
			.extracting(Binding::getExchange, Binding::getRoutingKey, Binding::getDestination)
			.containsExactly(tuple("mmate.commands", "cmd.svc.Ping", "svc-queue"),
					tuple("mmate.messages", "cmd.svc.Ping", "svc-queue"),
					tuple("mmate.dlx", "dlq.svc-queue", "dlq.svc-queue"));
	}

	@Test
	void quorumTypeAppliesToTheServiceQueueAndItsDeadLetterQueue() {
		assertThat(declarables(TestSettings.service("svc").type(QueueType.QUORUM), PING)
			.getDeclarablesByType(Queue.class))
			.hasSize(2)
			.allSatisfy((queue) -> assertThat(queue.getArguments()).containsEntry("x-queue-type", "quorum"));
	}

	@Test
	void quorumServiceQueueDeadLettersAfterTheDeliveryLimit() {
		ServiceTopology topology = TopologyFactory
			.create(TestSettings.service("svc").type(QueueType.QUORUM).deliveryLimit(5).build(), PING);
		assertThat(topology.serviceQueue().arguments()).containsOnly(Map.entry("x-delivery-limit", 5L),
				Map.entry("x-dead-letter-exchange", "mmate.dlx"),
				Map.entry("x-dead-letter-routing-key", "dlq.svc-queue"));
	}

	@Test
	void classicServiceQueueLeavesTheDeliveryLimitToTheListener() {
		ServiceTopology topology = TopologyFactory.create(TestSettings.service("svc").deliveryLimit(5).build(), PING);
		assertThat(topology.serviceQueue().arguments()).isEmpty();
	}

	@Test
	void quorumServiceQueueWithoutDeliveryLimitOrDeadLetteringHasNoLimit() {
		assertThat(TopologyFactory.create(TestSettings.service("svc").type(QueueType.QUORUM).deliveryLimit(0).build(),
				PING).serviceQueue().arguments()).isEmpty();
		assertThat(TopologyFactory.create(TestSettings.service("svc").type(QueueType.QUORUM).withoutDeadLetter()
			.build(), PING).serviceQueue().arguments()).isEmpty();
	}

	@Test
	void configuredArgumentsWinOverDecidedOnes() {
		ServiceTopology topology = TopologyFactory.create(TestSettings.service("svc").type(QueueType.QUORUM).fifo()
			.argument("x-delivery-limit", 3L).argument("x-single-active-consumer", false).build(), PING);
		assertThat(topology.serviceQueue().arguments()).containsEntry("x-delivery-limit", 3L)
			.containsEntry("x-single-active-consumer", false);
	}

	@Test
	void fifoServiceQueueHasASingleActiveConsumer() {
		ServiceTopology topology = TopologyFactory.create(TestSettings.service("svc").fifo().build(), PING);
		assertThat(topology.serviceQueue().arguments()).containsExactly(Map.entry("x-single-active-consumer", true));
	}

	@Test
	void withoutDeadLetteringNoDeadLetterQueue() {
		assertThat(declarables(TestSettings.service("svc").withoutDeadLetter(), PING).getDeclarablesByType(Queue.class))
			.extracting(Queue::getName)
			.containsExactly("svc-queue");
	}

	@Test
	void delayMechanismAddsItsTopologyAndTheServiceQueuesDelayedDeliveryBinding() {
		Declarables declarables = TopologyFactory.create(TestSettings.service("svc").build(), PING)
			.declarables(new DelayMechanism.DelayedMessagePlugin());
		assertThat(declarables.getDeclarablesByType(Exchange.class)).extracting(Exchange::getName)
			.contains(DelayMechanism.DelayedMessagePlugin.EXCHANGE);
		assertThat(declarables.getDeclarablesByType(Binding.class))
			.extracting(Binding::getExchange, Binding::getRoutingKey, Binding::getDestination)
			.contains(tuple(DelayMechanism.DelayedMessagePlugin.EXCHANGE, "svc-queue", "svc-queue"));
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

	@Test
	void handlerBindingsAreMadeOnTheGenericExchangeTooWithGosRoutingKeys() {
		List<HandlerDefinition> handlers = List.of(handler("PlaceOrder", MessageKind.COMMAND),
				handler("OrderPlaced", MessageKind.EVENT), handler("GetOrder", MessageKind.QUERY),
				handler("OrderReply", MessageKind.REPLY));
		ServiceTopology topology = TopologyFactory.create(TestSettings.service("orders").build(), handlers);
		assertThat(topology.serviceQueue().bindings()).containsExactly(
				new BindingSpec("mmate.commands", "cmd.orders.PlaceOrder"),
				new BindingSpec("mmate.messages", "cmd.orders.PlaceOrder"),
				new BindingSpec("mmate.events", "evt.#.OrderPlaced"),
				new BindingSpec("mmate.messages", "evt.#.OrderPlaced"),
				new BindingSpec("mmate.queries", "qry.GetOrder"), new BindingSpec("mmate.messages", "qry.GetOrder"));
		assertThat(topology.declarables(null).getDeclarablesByType(Binding.class))
			.extracting(Binding::getExchange, Binding::getRoutingKey, Binding::getDestination)
			.contains(tuple("mmate.messages", "cmd.orders.PlaceOrder", "orders-queue"));
	}

	@Test
	void withoutTheGenericExchangeOnlyEachKindsOwnExchangeIsBound() {
		ServiceTopology topology = TopologyFactory.create(TestSettings.service("svc").withoutGenericExchange().build(),
				PING);
		assertThat(topology.serviceQueue().bindings())
			.containsExactly(new BindingSpec("mmate.commands", "cmd.svc.Ping"));
	}

	@Test
	void partitionedAndBroadcastHandlersAreBoundOnTheGenericExchangeToo() {
		List<HandlerDefinition> handlers = List.of(handler("Ping", MessageKind.COMMAND),
				handler("OrderPlaced", MessageKind.EVENT, HandlerDefinition.Delivery.PARTITIONED),
				handler("CacheCleared", MessageKind.EVENT, HandlerDefinition.Delivery.BROADCAST));
		ServiceTopology topology = TopologyFactory.create(TestSettings.service("svc").partitions(1).build(), handlers);
		assertThat(topology.partitionBindings()).containsExactly(
				new BindingSpec("mmate.events", "evt.#.OrderPlaced"),
				new BindingSpec("mmate.messages", "evt.#.OrderPlaced"));
		assertThat(topology.broadcastBindings()).containsExactly(
				new BindingSpec("mmate.events", "evt.#.CacheCleared"),
				new BindingSpec("mmate.messages", "evt.#.CacheCleared"));
		assertThat(topology.serviceQueue().bindings()).containsExactly(
				new BindingSpec("mmate.commands", "cmd.svc.Ping"), new BindingSpec("mmate.messages", "cmd.svc.Ping"));
		assertThat(topology.declarables(null).getDeclarablesByType(Binding.class))
			.extracting(Binding::getExchange, Binding::getRoutingKey, Binding::getDestination)
			.contains(tuple("mmate.messages", "evt.#.OrderPlaced", "svc-queue.partitions"));
	}

	@Test
	void partitionedHandlerMovesItsBindingFromTheServiceQueueToThePartitions() {
		List<HandlerDefinition> handlers = List.of(handler("Ping", MessageKind.COMMAND),
				handler("OrderPlaced", MessageKind.EVENT, HandlerDefinition.Delivery.PARTITIONED));
		ServiceTopology topology = TopologyFactory
			.create(TestSettings.service("svc").partitions(2).withoutGenericExchange().build(), handlers);
		BindingSpec partitioned = new BindingSpec("mmate.events", "evt.#.OrderPlaced");
		assertThat(topology.serviceQueue().bindings())
			.containsExactly(new BindingSpec("mmate.commands", "cmd.svc.Ping"));
		assertThat(topology.partitionBindings()).containsExactly(partitioned);
		assertThat(topology.partitionQueues()).containsExactly("svc-queue.p0", "svc-queue.p1");
		assertThat(topology.staleBindings()).containsExactly(partitioned);
		Declarables declarables = topology.declarables(null);
		assertThat(declarables.getDeclarablesByType(Queue.class)).extracting(Queue::getName)
			.containsExactly("svc-queue", "dlq.svc-queue", "svc-queue.p0", "svc-queue.p1");
		assertThat(declarables.getDeclarablesByType(StaleBinding.class))
			.extracting(Binding::getExchange, Binding::getRoutingKey, Binding::getDestination)
			.containsExactly(tuple("mmate.events", "evt.#.OrderPlaced", "svc-queue"));
		assertThat(declarables.getDeclarablesByType(Binding.class))
			.extracting(Binding::getExchange, Binding::getRoutingKey, Binding::getDestination)
			.contains(tuple("mmate.events", "evt.#.OrderPlaced", "svc-queue.partitions"));
	}

	@Test
	void partitionQueuesHaveTheQueueTypeAndASingleActiveConsumer() {
		List<HandlerDefinition> handlers = List.of(
				handler("OrderPlaced", MessageKind.EVENT, HandlerDefinition.Delivery.PARTITIONED));
		assertThat(declarables(TestSettings.service("svc").type(QueueType.QUORUM).partitions(1), handlers)
			.getDeclarablesByType(Queue.class))
			.filteredOn((queue) -> queue.getName().equals("svc-queue.p0"))
			.singleElement()
			.satisfies((queue) -> assertThat(queue.getArguments()).containsOnly(
					Map.entry("x-queue-type", "quorum"), Map.entry("x-single-active-consumer", true)));
	}

	@Test
	void bindingConfiguredForTheServiceQueueIsNotStale() {
		List<HandlerDefinition> handlers = List.of(
				handler("OrderPlaced", MessageKind.EVENT, HandlerDefinition.Delivery.PARTITIONED));
		ServiceTopology topology = TopologyFactory.create(TestSettings.service("svc")
			.binding("mmate.events", "evt.#.OrderPlaced")
			.withoutGenericExchange()
			.build(), handlers);
		assertThat(topology.staleBindings()).isEmpty();
	}

	@Test
	void broadcastHandlerBindsEachInstancesQueueInsteadOfTheServiceQueue() {
		List<HandlerDefinition> handlers = List.of(handler("Ping", MessageKind.COMMAND),
				handler("CacheCleared", MessageKind.EVENT, HandlerDefinition.Delivery.BROADCAST));
		ServiceTopology topology = TopologyFactory.create(TestSettings.service("svc").withoutGenericExchange().build(),
				handlers);
		BindingSpec broadcast = new BindingSpec("mmate.events", "evt.#.CacheCleared");
		assertThat(topology.hasBroadcast()).isTrue();
		assertThat(topology.broadcastBindings()).containsExactly(broadcast);
		assertThat(topology.staleBindings()).containsExactly(broadcast);
		assertThat(topology.hasPartitions()).isFalse();
		assertThat(topology.partitionQueues()).isEmpty();
		assertThat(topology.declarables(null).getDeclarablesByType(Queue.class)).extracting(Queue::getName)
			.containsExactly("svc-queue", "dlq.svc-queue");
	}

	@Test
	void handlersWithoutServiceNameAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TopologyFactory.create(TestSettings.publisherOnly().build(), PING))
			.withMessageContaining("service name");
	}

	private static Declarables declarables(TestSettings settings, List<HandlerDefinition> handlers) {
		return TopologyFactory.create(settings.build(), handlers).declarables(null);
	}

}
