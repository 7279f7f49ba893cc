package io.mmate.integration;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mmate.MessageContext;
import io.mmate.MessagePublisher;
import io.mmate.MmateHandler;
import io.mmate.PublishOptions;
import io.mmate.Reply;
import io.mmate.failure.DeadLetterHeaders;
import io.mmate.integration.Contracts.FindParcel;
import io.mmate.integration.Contracts.ParcelReply;
import io.mmate.integration.Contracts.ParcelShipped;
import io.mmate.integration.Contracts.ShipParcel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Consuming through the service queue on a real broker: dispatch by type, replies, dead letters.
 */
class ConsumerIntegrationTests {

	private static final String SERVICE = IntegrationTestSupport.uniqueServiceName("consumer-it");

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final JsonMapper json = JsonMapper.builder().build();

	@AfterAll
	static void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(SERVICE);
	}

	@Test
	void commandEventAndQueryReachTheirHandlers() {
		IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + SERVICE)
			.withUserConfiguration(Handlers.class)
			.run((context) -> {
				MessagePublisher publisher = context.getBean(MessagePublisher.class);
				Handlers handlers = context.getBean(Handlers.class);
				publisher.sendCommand(new ShipParcel("p-1", 3), SERVICE).get();
				publisher.publishEvent(new ParcelShipped("eu.north.p-1", new BigDecimal("12.50"))).get();
				await().atMost(TIMEOUT).until(() -> handlers.received.size() == 2);
				assertThat(handlers.received).containsExactlyInAnyOrder(new ShipParcel("p-1", 3),
						new ParcelShipped("eu.north.p-1", new BigDecimal("12.50")));
			});
	}

	@Test
	void queryHandlerReplyReachesTheReplyQueueWithTheCorrelationId() {
		IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + SERVICE)
			.withUserConfiguration(Handlers.class)
			.run((context) -> {
				RabbitAdmin admin = new RabbitAdmin(context.getBean(RabbitTemplate.class));
				Queue replyQueue = admin.declareQueue();
				String correlationId = UUID.randomUUID().toString();
				context.getBean(MessagePublisher.class)
					.sendQuery(new FindParcel("p-7"),
							PublishOptions.defaults().withReplyTo(replyQueue.getName()).withCorrelationId(correlationId))
					.get();
				Message reply = context.getBean(RabbitTemplate.class).receive(replyQueue.getName(), 10_000);
				assertThat(reply).isNotNull();
				JsonNode envelope = this.json.readTree(reply.getBody());
				assertThat(envelope.get("correlationId").asString()).isEqualTo(correlationId);
				assertThat(envelope.get("type").asString()).isEqualTo("ParcelReply");
				assertThat(envelope.get("payload").get("parcelId").asString()).isEqualTo("p-7");
				assertThat(envelope.get("payload").get("success").asBoolean()).isTrue();
				assertThat(reply.getMessageProperties().getCorrelationId()).isEqualTo(correlationId);
			});
	}

	@Test
	void undecodableBodyIsDeadLetteredWithItsReasonAndTheNextMessageStillFlows() {
		IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + SERVICE)
			.withUserConfiguration(Handlers.class)
			.run((context) -> {
				RabbitTemplate rabbit = context.getBean(RabbitTemplate.class);
				rabbit.send("mmate.commands", "cmd." + SERVICE + ".ShipParcel",
						new Message("not json".getBytes(StandardCharsets.UTF_8), new MessageProperties()));
				context.getBean(MessagePublisher.class).sendCommand(new ShipParcel("p-2", 1), SERVICE).get();
				Handlers handlers = context.getBean(Handlers.class);
				await().atMost(TIMEOUT).until(() -> handlers.received.contains(new ShipParcel("p-2", 1)));
				Message deadLetter = rabbit.receive("dlq." + SERVICE + "-queue", 10_000);
				assertThat(deadLetter).isNotNull();
				assertThat(new String(deadLetter.getBody(), StandardCharsets.UTF_8)).isEqualTo("not json");
				MessageProperties properties = deadLetter.getMessageProperties();
				assertThat((String) properties.getHeader(DeadLetterHeaders.REASON)).isEqualTo("undecodable");
				assertThat((String) properties.getHeader(DeadLetterHeaders.DESCRIPTION)).contains("not valid JSON")
					.contains(SERVICE + "-queue");
				assertThat((String) properties.getHeader(DeadLetterHeaders.ORIGINAL_EXCHANGE))
					.isEqualTo("mmate.commands");
				assertThat((String) properties.getHeader(DeadLetterHeaders.ORIGINAL_ROUTING_KEY))
					.isEqualTo("cmd." + SERVICE + ".ShipParcel");
				assertThat((String) properties.getHeader(DeadLetterHeaders.SERVICE)).isEqualTo(SERVICE);
				assertThat(rabbit.receive(SERVICE + "-queue")).isNull();
			});
	}

	static class Handlers {

		final List<Object> received = new CopyOnWriteArrayList<>();

		@MmateHandler
		void on(ShipParcel command) {
			this.received.add(command);
		}

		@MmateHandler
		void on(ParcelShipped event, MessageContext context) {
			this.received.add(event);
		}

		@MmateHandler
		Reply on(FindParcel query) {
			return new ParcelReply(true, query.parcelId(), "IN_TRANSIT");
		}

	}

}
