package io.mmate.integration;

import java.util.Map;

import io.mmate.MessagePublisher;
import io.mmate.MmateHandler;
import io.mmate.integration.Contracts.FindParcel;
import io.mmate.integration.Contracts.ParcelShipped;
import io.mmate.integration.Contracts.RenamedCommand;
import io.mmate.integration.Contracts.ShipParcel;
import io.mmate.testsupport.TestBroker;
import io.mmate.topology.TopologyMismatchException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Topology on a real broker: what a service declares from its handlers and properties, and the start-up error when
 * a queue exists with other arguments.
 */
class TopologyIntegrationTests {

	private final String service = IntegrationTestSupport.uniqueServiceName("topology-it");

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	@Test
	void declaresExchangesServiceQueueDeadLetterQueueAndHandlerBindings() {
		IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.listener.auto-startup=false")
			.withUserConfiguration(Handlers.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RabbitAdmin admin = admin(context);
				assertThat(admin.getQueueInfo(this.service + "-queue")).isNotNull();
				assertThat(admin.getQueueInfo("dlq." + this.service + "-queue")).isNotNull();
				MessagePublisher publisher = context.getBean(MessagePublisher.class);
				// Mandatory publishes succeed only when a binding routes them to the service queue.
				publisher.sendCommand(new ShipParcel("p", 1), this.service).get();
				publisher.sendCommand(new RenamedCommand("p"), this.service).get();
				publisher.sendQuery(new FindParcel("p"), io.mmate.PublishOptions.defaults()).get();
				assertThat(admin.getQueueInfo(this.service + "-queue").getMessageCount()).isEqualTo(3);
				RabbitTemplate rabbit = context.getBean(RabbitTemplate.class);
				Message renamed = null;
				for (int i = 0; i < 3; i++) {
					Message message = rabbit.receive(this.service + "-queue");
					if ("LegacyParcelCommand".equals(message.getMessageProperties().getType())) {
						renamed = message;
					}
				}
				assertThat(renamed).as("command named by @MessageType").isNotNull();
				assertThat(renamed.getMessageProperties().getReceivedRoutingKey())
					.isEqualTo("cmd." + this.service + ".LegacyParcelCommand");
			});
	}

	@Test
	void eventBindingMatchesAggregateIdsWithDots() {
		IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.listener.auto-startup=false",
					"mmate.publisher.fail-on-unroutable-events=true")
			.withUserConfiguration(Handlers.class)
			.run((context) -> {
				context.getBean(MessagePublisher.class)
					.publishEvent(new ParcelShipped("region.eu.parcel.42", java.math.BigDecimal.TEN))
					.get();
				Message message = context.getBean(RabbitTemplate.class).receive(this.service + "-queue", 5000);
				assertThat(message.getMessageProperties().getReceivedRoutingKey())
					.isEqualTo("evt.region.eu.parcel.42.ParcelShipped");
			});
	}

	@Test
	void extraBindingsFromPropertiesAreDeclared() {
		IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.listener.auto-startup=false",
					"mmate.queue.bindings[0].exchange=mmate.messages",
					"mmate.queue.bindings[0].routing-key=legacy." + this.service + ".#")
			.run((context) -> {
				RabbitTemplate rabbit = context.getBean(RabbitTemplate.class);
				rabbit.send("mmate.messages", "legacy." + this.service + ".x",
						new Message("{}".getBytes(), new MessageProperties()));
				assertThat(rabbit.receive(this.service + "-queue", 5000)).isNotNull();
			});
	}

	@Test
	void quorumQueueTypeIsDeclared() {
		IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.listener.auto-startup=false",
					"mmate.queue.type=quorum")
			.withUserConfiguration(Handlers.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				// Re-declaring the queue is accepted only with exactly the arguments it has: a quorum queue with the
				// broker's delivery limit dead-lettering to its DLQ.
				admin(context).declareQueue(QueueBuilder.durable(this.service + "-queue")
					.quorum()
					.withArgument("x-delivery-limit", 20L)
					.withArgument("x-dead-letter-exchange", "mmate.dlx")
					.withArgument("x-dead-letter-routing-key", "dlq." + this.service + "-queue")
					.build());
			});
	}

	@Test
	void existingQueueWithOtherArgumentsFailsStartUpNamingTheQueueAndTheFix() {
		CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();
		try {
			new RabbitAdmin(connectionFactory)
				.declareQueue(QueueBuilder.durable(this.service + "-queue").withArguments(Map.of("x-max-length", 5))
					.build());
		}
		finally {
			connectionFactory.destroy();
		}
		IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service)
			.withUserConfiguration(Handlers.class)
			.run((context) -> assertThat(context).getFailure()
				.cause()
				.isInstanceOf(TopologyMismatchException.class)
				.hasMessageContaining("queue '" + this.service + "-queue'")
				.hasMessageContaining("x-max-length")
				.hasMessageContaining("mmate.queue.arguments")
				.hasMessageContaining("rabbitmqctl -p / delete_queue " + this.service + "-queue"));
	}

	@Test
	void switchingAnExistingClassicQueueToQuorumFailsStartUpNamingTheQueueTypeProperty() {
		CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();
		try {
			// As Go declares it: classic, without arguments.
			new RabbitAdmin(connectionFactory).declareQueue(QueueBuilder.durable(this.service + "-queue").build());
		}
		finally {
			connectionFactory.destroy();
		}
		IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.queue.type=quorum")
			.withUserConfiguration(Handlers.class)
			.run((context) -> assertThat(context).getFailure()
				.cause()
				.isInstanceOf(TopologyMismatchException.class)
				.hasMessageContaining("queue '" + this.service + "-queue'")
				.hasMessageContaining("is decided by mmate.queue.type (quorum)")
				.hasMessageContaining("rabbitmqctl -p / delete_queue " + this.service + "-queue"));
	}

	private static RabbitAdmin admin(AssertableApplicationContext context) {
		return new RabbitAdmin(context.getBean(RabbitTemplate.class));
	}

	static class Handlers {

		@MmateHandler
		void on(ShipParcel command) {
		}

		@MmateHandler
		void on(RenamedCommand command) {
		}

		@MmateHandler
		void on(ParcelShipped event) {
		}

		@MmateHandler
		void on(FindParcel query) {
		}

	}

}
