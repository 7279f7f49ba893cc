package io.mmate.integration;

import java.util.List;
import java.util.Map;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.MmateHandler;
import io.mmate.Query;
import io.mmate.Reply;
import io.mmate.autoconfigure.endpoint.MmateDescriptor;
import io.mmate.autoconfigure.endpoint.MmateDescriptor.BindingDescriptor;
import io.mmate.autoconfigure.endpoint.MmateDescriptor.HandlerDescriptor;
import io.mmate.autoconfigure.endpoint.MmateDescriptor.PolicyDescriptor;
import io.mmate.autoconfigure.endpoint.MmateDescriptor.QueueDescriptor;
import io.mmate.autoconfigure.endpoint.MmateEndpoint;
import io.mmate.autoconfigure.endpoint.MmateEndpointAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code mmate} endpoint on a real broker: the service's queue with its bindings, its handlers, retry policy and
 * delay mechanism, and the broker it is connected to.
 */
class MmateEndpointIntegrationTests {

	private static final String HANDLERS = Handlers.class.getName();

	private final String service = IntegrationTestSupport.uniqueServiceName("endpoint-it");

	private final String queue = this.service + "-queue";

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	@Test
	void describesQueuesHandlersRetryPolicyDelayMechanismAndBroker() {
		IntegrationTestSupport.runner()
			.withConfiguration(AutoConfigurations.of(MmateEndpointAutoConfiguration.class))
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.delay.mechanism=ttl-levels",
					"management.endpoints.web.exposure.include=" + MmateEndpoint.ID,
					"mmate.queue.arguments.x-max-length=1000", "mmate.queue.bindings[0].exchange=mmate.messages",
					"mmate.queue.bindings[0].routing-key=audit.#", "mmate.retry.delays=10s,1m,10m",
					"mmate.retry.permanent-exceptions=java.lang.IllegalArgumentException",
					"mmate.retry.handlers.ShipOrder.max-attempts=5", "mmate.retry.handlers.ShipOrder.delays=1s,5s")
			.withUserConfiguration(Handlers.class)
			.run((context) -> {
				MmateDescriptor descriptor = context.getBean(MmateEndpoint.class).describe();
				assertThat(descriptor.serviceName()).isEqualTo(this.service);
				assertThat(descriptor.exchanges()).contains("mmate.commands", "mmate.events", "mmate.dlx");
				assertThat(descriptor.queues()).singleElement().satisfies(this::isTheServiceQueue);
				assertThat(descriptor.handlers()).extracting(HandlerDescriptor::type, HandlerDescriptor::kind,
						HandlerDescriptor::handler)
					.containsExactlyInAnyOrder(
							tuple("ShipOrder", "command", HANDLERS + "#on(ShipOrder)"),
							tuple("OrderShipped", "event", HANDLERS + "#on(OrderShipped)"),
							tuple("FindOrder", "query", HANDLERS + "#on(FindOrder)"));
				assertThat(descriptor.retry().defaults()).isEqualTo(new PolicyDescriptor(3, "200ms", 2.0, "2s",
						"50ms", List.of("10s", "1m", "10m"), 12, List.of("java.lang.IllegalArgumentException"),
						List.of()));
				PolicyDescriptor shipOrder = descriptor.retry().overrides().get("ShipOrder");
				assertThat(shipOrder.maxAttempts()).isEqualTo(5);
				assertThat(shipOrder.delays()).containsExactly("1s", "5s");
				assertThat(shipOrder.totalAttempts()).isEqualTo(15);
				assertThat(descriptor.delayMechanism()).isEqualTo("ttl-levels");
				assertThat(descriptor.broker().product()).isEqualTo("RabbitMQ");
				assertThat(descriptor.broker().version()).matches("\\d+\\.\\d+\\.\\d+.*");
			});
	}

	@Test
	void publishOnlyServiceIsDescribedWithItsBroker() {
		IntegrationTestSupport.runner()
			.withConfiguration(AutoConfigurations.of(MmateEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=" + MmateEndpoint.ID)
			.run((context) -> {
				MmateDescriptor descriptor = context.getBean(MmateEndpoint.class).describe();
				assertThat(descriptor.queues()).isEmpty();
				assertThat(descriptor.retry()).isNull();
				assertThat(descriptor.broker()).isNotNull();
				assertThat(descriptor.delayMechanism()).isNotNull();
			});
	}

	private void isTheServiceQueue(QueueDescriptor queue) {
		assertThat(queue.name()).isEqualTo(this.queue);
		assertThat(queue.type()).isEqualTo("classic");
		assertThat(queue.arguments()).isEqualTo(Map.of("x-max-length", 1000L));
		assertThat(queue.deadLetterQueue()).isEqualTo("dlq." + this.queue);
		assertThat(queue.bindings()).containsExactlyInAnyOrder(
				new BindingDescriptor("mmate.commands", "cmd." + this.service + ".ShipOrder"),
				new BindingDescriptor("mmate.messages", "cmd." + this.service + ".ShipOrder"),
				new BindingDescriptor("mmate.events", "evt.#.OrderShipped"),
				new BindingDescriptor("mmate.messages", "evt.#.OrderShipped"),
				new BindingDescriptor("mmate.queries", "qry.FindOrder"),
				new BindingDescriptor("mmate.messages", "qry.FindOrder"),
				new BindingDescriptor("mmate.messages", "audit.#"));
	}

	private static org.assertj.core.groups.Tuple tuple(Object... values) {
		return org.assertj.core.groups.Tuple.tuple(values);
	}

	record ShipOrder(String orderId) implements Command {
	}

	record OrderShipped(String orderId) implements Event {

		@Override
		public String aggregateId() {
			return this.orderId;
		}

	}

	record FindOrder(String orderId) implements Query {
	}

	record OrderFound(boolean success, String orderId) implements Reply {
	}

	static class Handlers {

		@MmateHandler
		void on(ShipOrder command) {
		}

		@MmateHandler
		void on(OrderShipped event) {
		}

		@MmateHandler
		Reply on(FindOrder query) {
			return new OrderFound(true, query.orderId());
		}

	}

}
