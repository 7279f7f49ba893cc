package io.mmate.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import io.mmate.MessageContext;
import io.mmate.MessageInterceptor;
import io.mmate.MessageKind;
import io.mmate.MessagePublisher;
import io.mmate.MmateHandler;
import io.mmate.MmateHandlerRegistrar;
import io.mmate.PublishInterceptor;
import io.mmate.PublishOptions;
import io.mmate.failure.DeadLetterHeaders;
import io.mmate.integration.Contracts.FindParcel;
import io.mmate.integration.Contracts.ShipParcel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Failures, interceptors, code-registered handlers and listener settings on a real broker.
 */
class HandlingIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final String service = IntegrationTestSupport.uniqueServiceName("handling-it");

	private final JsonMapper json = JsonMapper.builder().build();

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	@Test
	void failingHandlerSendsAnErrorReplyAndDeadLettersWithTheFailure() {
		IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service)
			.withUserConfiguration(FailingHandler.class)
			.run((context) -> {
				Queue replyQueue = admin(context).declareQueue();
				String correlationId = UUID.randomUUID().toString();
				context.getBean(MessagePublisher.class)
					.sendQuery(new FindParcel("p-1"),
							PublishOptions.defaults().withReplyTo(replyQueue.getName()).withCorrelationId(correlationId))
					.get();
				Message reply = rabbit(context).receive(replyQueue.getName(), 10_000);
				assertThat(reply).isNotNull();
				JsonNode envelope = this.json.readTree(reply.getBody());
				assertThat(envelope.get("correlationId").asString()).isEqualTo(correlationId);
				assertThat(envelope.get("payload").get("success").asBoolean()).isFalse();
				assertThat(envelope.get("payload").get("errorCode").asString()).isEqualTo("HANDLER_FAILED");
				assertThat(envelope.get("payload").get("errorMessage").asString()).isEqualTo("parcel store is down");
				assertThat((String) reply.getMessageProperties().getHeader("x-success")).isEqualTo("false");
				Message deadLetter = rabbit(context).receive("dlq." + this.service + "-queue", 10_000);
				assertThat(deadLetter).isNotNull();
				MessageProperties headers = deadLetter.getMessageProperties();
				assertThat((String) headers.getHeader(DeadLetterHeaders.REASON)).isEqualTo("handler-failed");
				assertThat((String) headers.getHeader(DeadLetterHeaders.EXCEPTION_TYPE))
					.isEqualTo(IllegalStateException.class.getName());
				assertThat((String) headers.getHeader(DeadLetterHeaders.EXCEPTION_MESSAGE))
					.isEqualTo("parcel store is down");
				// Longer than Spring AMQP's long-string limit, so it arrives as a LongString.
				assertThat(String.valueOf((Object) headers.getHeader(DeadLetterHeaders.STACK_TRACE)))
					.contains("FailingHandler.on")
					.hasSizeLessThanOrEqualTo(4010);
				assertThat((String) headers.getHeader(DeadLetterHeaders.ORIGINAL_QUEUE))
					.isEqualTo(this.service + "-queue");
				assertThat((String) headers.getHeader(DeadLetterHeaders.ORIGINAL_EXCHANGE)).isEqualTo("mmate.queries");
				assertThat((String) headers.getHeader(DeadLetterHeaders.ORIGINAL_ROUTING_KEY))
					.isEqualTo("qry.FindParcel");
				// A requester is waiting, so only the in-process attempts are made: three by default.
				assertThat((Long) headers.getHeader(DeadLetterHeaders.ATTEMPTS)).isEqualTo(3L);
				assertThat((String) headers.getHeader(DeadLetterHeaders.FIRST_FAILURE)).isNotBlank();
				assertThat((String) headers.getHeader(DeadLetterHeaders.LAST_FAILURE)).isNotBlank();
				assertThat(headers.getType()).isEqualTo("FindParcel");
				assertThat(rabbit(context).receive(this.service + "-queue")).isNull();
			});
	}

	@Test
	void messageWithoutHandlerIsDeadLettered() {
		IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service)
			.withUserConfiguration(FailingHandler.class)
			.run((context) -> {
				String body = "{\"id\":\"m-1\",\"type\":\"Mystery\",\"timestamp\":\"2025-07-08T10:31:00Z\",\"payload\":{}}";
				rabbit(context).send("", this.service + "-queue",
						new Message(body.getBytes(StandardCharsets.UTF_8), new MessageProperties()));
				Message deadLetter = rabbit(context).receive("dlq." + this.service + "-queue", 10_000);
				assertThat(deadLetter).isNotNull();
				assertThat((String) deadLetter.getMessageProperties().getHeader(DeadLetterHeaders.REASON))
					.isEqualTo("no-handler");
				assertThat((String) deadLetter.getMessageProperties().getHeader(DeadLetterHeaders.DESCRIPTION))
					.contains("'Mystery'");
			});
	}

	@Test
	void interceptorsWrapHandlingAndPublishing() {
		IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service)
			.withUserConfiguration(RecordingHandler.class, Interceptors.class)
			.run((context) -> {
				MessagePublisher publisher = context.getBean(MessagePublisher.class);
				publisher.sendCommand(new ShipParcel("p-1", 1), this.service).get();
				publisher.sendCommand(new ShipParcel("blocked", 1), this.service).get();
				RecordingHandler handler = context.getBean(RecordingHandler.class);
				Interceptors interceptors = context.getBean(Interceptors.class);
				await().atMost(TIMEOUT).until(() -> interceptors.calls.size() == 4);
				assertThat(interceptors.calls).containsExactly("first p-1", "second p-1", "first blocked",
						"second blocked");
				assertThat(handler.received).containsExactly("p-1 tenant=north");
				assertThatExceptionOfType(ExecutionException.class)
					.isThrownBy(() -> publisher.sendCommand(new ShipParcel("forbidden", 1), this.service).get())
					.havingCause()
					.withMessage("forbidden parcel");
			});
	}

	@Test
	void handlerRegisteredInCodeReceivesItsTypeAsJson() {
		IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service)
			.withUserConfiguration(CodeHandlers.class)
			.run((context) -> {
				context.getBean(MessagePublisher.class)
					.publishEvent(new Contracts.ParcelShipped("p-5", java.math.BigDecimal.ONE),
							PublishOptions.defaults())
					.get();
				CodeHandlers handlers = context.getBean(CodeHandlers.class);
				await().atMost(TIMEOUT).until(() -> handlers.received.size() == 1);
				assertThat(handlers.received.get(0).get("parcelId").asString()).isEqualTo("p-5");
			});
	}

	@Test
	void brokerAutoAcknowledgeAndConcurrencyAreApplied() {
		IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.listener.acknowledge-mode=broker-auto",
					"mmate.listener.concurrency=3")
			.withUserConfiguration(RecordingHandler.class)
			.run((context) -> {
				MessagePublisher publisher = context.getBean(MessagePublisher.class);
				for (int i = 0; i < 20; i++) {
					publisher.sendCommand(new ShipParcel("p-" + i, 1), this.service).get();
				}
				RecordingHandler handler = context.getBean(RecordingHandler.class);
				await().atMost(TIMEOUT).until(() -> handler.received.size() == 20);
				RabbitAdmin admin = admin(context);
				assertThat(admin.getQueueInfo(this.service + "-queue").getConsumerCount()).isEqualTo(3);
				assertThat(admin.getQueueInfo(this.service + "-queue").getMessageCount()).isZero();
			});
	}

	private static RabbitTemplate rabbit(AssertableApplicationContext context) {
		return context.getBean(RabbitTemplate.class);
	}

	private static RabbitAdmin admin(AssertableApplicationContext context) {
		return new RabbitAdmin(rabbit(context));
	}

	static class FailingHandler {

		@MmateHandler
		Contracts.ParcelReply on(FindParcel query) {
			throw new IllegalStateException("parcel store is down");
		}

	}

	static class RecordingHandler {

		final List<String> received = new CopyOnWriteArrayList<>();

		@MmateHandler
		void on(ShipParcel command, MessageContext context) {
			this.received.add(command.parcelId() + ((context.header("tenant") != null)
					? " tenant=" + context.header("tenant") : ""));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Interceptors {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@Bean
		@Order(2)
		MessageInterceptor second() {
			return (message, context, chain) -> {
				this.calls.add("second " + ((ShipParcel) message).parcelId());
				return "blocked".equals(((ShipParcel) message).parcelId()) ? null : chain.proceed(message);
			};
		}

		@Bean
		@Order(1)
		MessageInterceptor first() {
			return (message, context, chain) -> {
				this.calls.add("first " + ((ShipParcel) message).parcelId());
				return chain.proceed(message);
			};
		}

		@Bean
		PublishInterceptor tenantHeader() {
			return (message, chain) -> {
				if (message.message() instanceof ShipParcel parcel && "forbidden".equals(parcel.parcelId())) {
					return CompletableFuture.failedFuture(new IllegalArgumentException("forbidden parcel"));
				}
				return chain.proceed(message.withHeader("tenant", "north"));
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CodeHandlers {

		final List<JsonNode> received = new CopyOnWriteArrayList<>();

		@Bean
		MmateHandlerRegistrar dynamicHandlers() {
			return (handlers) -> handlers.register("ParcelShipped", MessageKind.EVENT, JsonNode.class,
					(payload, context) -> {
						this.received.add(payload);
						return null;
					});
		}

	}

}
