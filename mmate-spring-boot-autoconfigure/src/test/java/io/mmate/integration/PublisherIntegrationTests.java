package io.mmate.integration;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

import io.mmate.MessagePublisher;
import io.mmate.PublishException;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import io.mmate.UnroutableMessageException;
import io.mmate.integration.Contracts.FindParcel;
import io.mmate.integration.Contracts.ParcelReply;
import io.mmate.integration.Contracts.ParcelShipped;
import io.mmate.integration.Contracts.ShipParcel;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Publishing on a real broker: routing, confirms, returns, nacks and the AMQP properties each option sets.
 */
class PublisherIntegrationTests {

	private static final String TARGET = IntegrationTestSupport.uniqueServiceName("publisher-it");

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void commandIsConfirmedAndCarriesTheWireProperties() {
		IntegrationTestSupport.runner().run((context) -> {
			Queue queue = bindTemporaryQueue(context, "mmate.commands", "cmd." + TARGET + ".ShipParcel");
			PublishReceipt receipt = publisher(context).sendCommand(new ShipParcel("p-1", 2), TARGET).get();
			assertThat(receipt.exchange()).isEqualTo("mmate.commands");
			assertThat(receipt.routingKey()).isEqualTo("cmd." + TARGET + ".ShipParcel");
			Message message = receive(context, queue);
			MessageProperties properties = message.getMessageProperties();
			assertThat(properties.getMessageId()).isEqualTo(receipt.messageId());
			assertThat(properties.getType()).isEqualTo("ShipParcel");
			assertThat(properties.getContentType()).isEqualTo("application/json");
			assertThat(properties.getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
			assertThat(properties.getTimestamp()).isNotNull();
			assertThat((String) properties.getHeader("x-message-kind")).isEqualTo("command");
			assertThat((String) properties.getHeader("x-source")).isEqualTo("mmate-java");
			JsonNode envelope = this.json.readTree(message.getBody());
			assertThat(envelope.get("id").asString()).isEqualTo(receipt.messageId());
			assertThat(envelope.get("payload").get("targetService").asString()).isEqualTo(TARGET);
			assertThat(envelope.get("payload").get("weight").asInt()).isEqualTo(2);
		});
	}

	@Test
	void publishingUsesAConnectionOfItsOwn() {
		IntegrationTestSupport.runner().run((context) -> {
			CachingConnectionFactory connectionFactory = context.getBean(CachingConnectionFactory.class);
			CachingConnectionFactory publishing = (CachingConnectionFactory) connectionFactory
				.getPublisherConnectionFactory();
			assertThat(publishing.getCacheProperties().getProperty("localPort")).isEqualTo("0");
			publisher(context).publishEvent(new ParcelShipped("eu.p-9", new BigDecimal("1.00"))).get();
			// Flow control on publishing stops the broker reading that connection; the consumers' is another.
			assertThat(publishing.getCacheProperties().getProperty("localPort")).isNotEqualTo("0");
		});
	}

	@Test
	void unroutableCommandFailsNamingTheExchangeAndRoutingKey() {
		IntegrationTestSupport.runner().run((context) -> assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> publisher(context).sendCommand(new ShipParcel("p-1", 2), "nobody-" + TARGET).get())
			.havingCause()
			.isInstanceOf(UnroutableMessageException.class)
			.withMessageContaining("'mmate.commands'")
			.withMessageContaining("'cmd.nobody-" + TARGET + ".ShipParcel'"));
	}

	@Test
	void blockingSendsReturnTheReceiptOrThrowThePublishFailureItself() {
		IntegrationTestSupport.runner().run((context) -> {
			Queue queue = bindTemporaryQueue(context, "mmate.commands", "cmd." + TARGET + ".ShipParcel");
			PublishReceipt receipt = publisher(context).sendCommandAndWait(new ShipParcel("p-2", 1), TARGET);
			assertThat(receive(context, queue).getMessageProperties().getMessageId()).isEqualTo(receipt.messageId());
			assertThat(publisher(context).publishEventAndWait(new ParcelShipped("eu.p-10", BigDecimal.ONE))
				.routingKey()).isEqualTo("evt.eu.p-10.ParcelShipped");
			assertThatExceptionOfType(UnroutableMessageException.class)
				.isThrownBy(() -> publisher(context).sendCommandAndWait(new ShipParcel("p-3", 1), "nobody-" + TARGET))
				.withMessageContaining("'cmd.nobody-" + TARGET + ".ShipParcel'");
		});
	}

	@Test
	void unroutableQueryAndReplyFail() {
		IntegrationTestSupport.runner().run((context) -> {
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> publisher(context).sendQuery(new FindParcel("unrouted-" + TARGET),
						PublishOptions.defaults().withRoutingKey("qry.nobody-" + TARGET)).get())
				.havingCause()
				.isInstanceOf(UnroutableMessageException.class);
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> publisher(context)
					.sendReply(new ParcelReply(true, "p", "OK"), "no-such-reply-queue-" + TARGET, "c-1").get())
				.havingCause()
				.isInstanceOf(UnroutableMessageException.class)
				.withMessageContaining("'no-such-reply-queue-" + TARGET + "'");
		});
	}

	@Test
	void unroutableEventIsNotAnErrorByDefault() {
		IntegrationTestSupport.runner().run((context) -> {
			PublishReceipt receipt = publisher(context)
				.publishEvent(new ParcelShipped("nobody-listens-" + TARGET, BigDecimal.ONE)).get();
			assertThat(receipt.routingKey()).isEqualTo("evt.nobody-listens-" + TARGET + ".ParcelShipped");
		});
	}

	@Test
	void unroutableEventFailsWhenConfigured() {
		IntegrationTestSupport.runner()
			.withPropertyValues("mmate.publisher.fail-on-unroutable-events=true")
			.run((context) -> assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> publisher(context)
					.publishEvent(new ParcelShipped("nobody-listens-" + TARGET, BigDecimal.ONE)).get())
				.havingCause()
				.isInstanceOf(UnroutableMessageException.class)
				.withMessageContaining("'mmate.events'"));
	}

	@Test
	void optionsBecomeRealAmqpProperties() {
		IntegrationTestSupport.runner().run((context) -> {
			Queue queue = bindTemporaryQueue(context, "mmate.commands", "custom." + TARGET);
			PublishOptions options = PublishOptions.defaults()
				.withRoutingKey("custom." + TARGET)
				.withTtl(Duration.ofMinutes(1))
				.withPriority(7)
				.withPersistent(false)
				.withHeader("tenant", "north")
				.withCorrelationId("corr-1")
				.withReplyTo("reply-here")
				.withMessageId("fixed-id-1");
			publisher(context).sendCommand(new ShipParcel("p-9", 1), TARGET, options).get();
			Message message = receive(context, queue);
			MessageProperties properties = message.getMessageProperties();
			assertThat(properties.getExpiration()).isEqualTo("60000");
			assertThat(properties.getPriority()).isEqualTo(7);
			assertThat(properties.getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.NON_PERSISTENT);
			assertThat((String) properties.getHeader("tenant")).isEqualTo("north");
			assertThat(properties.getCorrelationId()).isEqualTo("corr-1");
			assertThat(properties.getReplyTo()).isEqualTo("reply-here");
			assertThat(properties.getMessageId()).isEqualTo("fixed-id-1");
			JsonNode envelope = this.json.readTree(message.getBody());
			assertThat(envelope.get("correlationId").asString()).isEqualTo("corr-1");
			assertThat(envelope.get("payload").get("replyTo").asString()).isEqualTo("reply-here");
			assertThat(envelope.get("headers").get("tenant").asString()).isEqualTo("north");
		});
	}

	@Test
	void ttlExpiresTheMessageOnTheBroker() {
		IntegrationTestSupport.runner().run((context) -> {
			Queue queue = bindTemporaryQueue(context, "mmate.commands", "ttl." + TARGET);
			publisher(context)
				.sendCommand(new ShipParcel("p-ttl", 1), TARGET,
						PublishOptions.defaults().withRoutingKey("ttl." + TARGET).withTtl(Duration.ofMillis(50)))
				.get();
			RabbitAdmin admin = new RabbitAdmin(context.getBean(RabbitTemplate.class));
			await().atMost(Duration.ofSeconds(5))
				.until(() -> admin.getQueueInfo(queue.getName()).getMessageCount() == 0);
			assertThat(context.getBean(RabbitTemplate.class).receive(queue.getName())).isNull();
		});
	}

	@Test
	void priorityOrdersDeliveryOnAPriorityQueue() {
		IntegrationTestSupport.runner().run((context) -> {
			RabbitAdmin admin = new RabbitAdmin(context.getBean(RabbitTemplate.class));
			Queue queue = QueueBuilder.nonDurable("prio-" + TARGET).exclusive().autoDelete().maxPriority(10).build();
			admin.declareQueue(queue);
			bind(admin, queue, "prio." + TARGET);
			PublishOptions options = PublishOptions.defaults().withRoutingKey("prio." + TARGET);
			publisher(context).sendCommand(new ShipParcel("low", 1), TARGET, options.withPriority(1)).get();
			publisher(context).sendCommand(new ShipParcel("high", 1), TARGET, options.withPriority(9)).get();
			JsonNode first = this.json.readTree(receive(context, queue).getBody());
			assertThat(first.get("payload").get("parcelId").asString()).isEqualTo("high");
		});
	}

	@Test
	void brokerNackFailsTheFuture() {
		IntegrationTestSupport.runner().run((context) -> {
			RabbitAdmin admin = new RabbitAdmin(context.getBean(RabbitTemplate.class));
			Queue queue = QueueBuilder.nonDurable("full-" + TARGET)
				.exclusive()
				.autoDelete()
				.maxLength(1)
				.overflow(QueueBuilder.Overflow.rejectPublish)
				.build();
			admin.declareQueue(queue);
			bind(admin, queue, "full." + TARGET);
			PublishOptions options = PublishOptions.defaults().withRoutingKey("full." + TARGET);
			publisher(context).sendCommand(new ShipParcel("fits", 1), TARGET, options).get();
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> publisher(context).sendCommand(new ShipParcel("rejected", 1), TARGET, options).get())
				.havingCause()
				.isInstanceOf(PublishException.class)
				.withMessageContaining("nack")
				.withMessageContaining("'full." + TARGET + "'");
		});
	}

	private static MessagePublisher publisher(AssertableApplicationContext context) {
		return context.getBean(MessagePublisher.class);
	}

	private static Queue bindTemporaryQueue(AssertableApplicationContext context, String exchange, String key) {
		RabbitAdmin admin = new RabbitAdmin(context.getBean(RabbitTemplate.class));
		Queue queue = admin.declareQueue();
		admin.declareBinding(BindingBuilder.bind(queue).to(new TopicExchange(exchange)).with(key));
		return queue;
	}

	private static void bind(RabbitAdmin admin, Queue queue, String key) {
		Binding binding = BindingBuilder.bind(queue).to(new TopicExchange("mmate.commands")).with(key);
		admin.declareBinding(binding);
	}

	private static Message receive(AssertableApplicationContext context, Queue queue) {
		Message message = context.getBean(RabbitTemplate.class).receive(queue.getName(), 10_000);
		assertThat(message).as("message on " + queue.getName()).isNotNull();
		return message;
	}

}
