package io.mmate.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.impl.LongStringHelper;
import com.rabbitmq.client.impl.MicrometerMetricsCollector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mmate.Command;
import io.mmate.MessagePublisher;
import io.mmate.MessageRequester;
import io.mmate.MmateHandler;
import io.mmate.PermanentFailureException;
import io.mmate.PublishException;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import io.mmate.Query;
import io.mmate.Reply;
import io.mmate.autoconfigure.MmateSchedulingAutoConfiguration;
import io.mmate.failure.DeadLetterHeaders;
import io.mmate.publish.PublisherChannel;
import io.mmate.testsupport.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.amqp.autoconfigure.ConnectionFactoryCustomizer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Messages built to break a consumer or its publisher, sent to a service on a real broker: each ends up once in the
 * dead-letter queue, or fails its own publish, and the service answers a query within five seconds after it.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileInputIntegrationTests {

	private static final Duration ANSWER = Duration.ofSeconds(5);

	private static final Duration SETTLED = Duration.ofSeconds(60);

	private final String service = IntegrationTestSupport.uniqueServiceName("hostile-it");

	private final String queue = this.service + "-queue";

	private final String deadLetterQueue = "dlq." + this.queue;

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	@Test
	void bodyOverTheClientsDefaultLimitIsDeadLetteredAsTooLarge() {
		runner().run((context) -> {
			// Over the client's default limit (64 MiB), under the broker's max_message_size (128 MiB).
			send(envelope("HostileWork", "{\"workId\":\"big\"}"), Map.of(), 70_000_000);
			answers(context);
			Delivered deadLetter = takeDeadLetter();
			assertThat(deadLetter.reason()).isEqualTo("too-large");
			assertThat(deadLetter.description()).contains("70000000 bytes").contains("mmate.listener.max-message-size");
			assertThat(deadLetter.bodySize()).isEqualTo(70_000_000);
			assertQueuesSettled(context);
		});
	}

	@Test
	void bodyOverTheConfiguredMaximumIsDeadLetteredAsTooLarge() {
		runner().withPropertyValues("mmate.listener.max-message-size=1KB").run((context) -> {
			send(envelope("HostileWork", "{\"workId\":\"" + "w".repeat(2000) + "\"}"), Map.of(), 0);
			answers(context);
			Delivered deadLetter = takeDeadLetter();
			assertThat(deadLetter.reason()).isEqualTo("too-large");
			assertThat(deadLetter.description()).contains("more than mmate.listener.max-message-size (1024 bytes)");
			assertQueuesSettled(context);
		});
	}

	@Test
	void headerTableNestedTenThousandDeepIsDeadLetteredAsUndecodable() {
		runner().run((context) -> {
			send(envelope("HostileWork", "{\"workId\":\"deep\"}"), Map.of("x-nested", nested(10_000)), 0);
			answers(context);
			Delivered deadLetter = takeDeadLetter();
			assertThat(deadLetter.reason()).isEqualTo("undecodable");
			assertThat(deadLetter.description()).contains("nested deeper than 32 levels");
			assertQueuesSettled(context);
		});
	}

	@Test
	void withoutTheCheckAQuorumQueueDeadLettersAMessageTheClientCannotReadAtItsDeliveryLimit() {
		runner().withPropertyValues("mmate.queue.type=quorum", "mmate.queue.delivery-limit=3",
				"mmate.listener.auto-startup=false")
			.run((context) -> {
				send(envelope("HostileWork", "{\"workId\":\"deep\"}"), Map.of("x-nested", nested(10_000)), 0);
				// A client whose connections are not checked: its reader overflows its stack on the header table.
				RabbitAdmin admin = new RabbitAdmin(context.getBean(CachingConnectionFactory.class));
				int closed = 0;
				while (admin.getQueueInfo(this.deadLetterQueue).getMessageCount() == 0 && closed < 10) {
					assertThat(consumeUntilTheConnectionCloses()).isTrue();
					closed++;
					await().atMost(ANSWER).until(() -> admin.getQueueInfo(this.queue).getMessageCount()
							+ admin.getQueueInfo(this.deadLetterQueue).getMessageCount() == 1);
				}
				System.out.printf("unreadable message on a quorum queue with delivery limit 3: dead-lettered by the "
						+ "broker after %d closed connections%n", closed);
				assertThat(closed).isLessThanOrEqualTo(4);
				assertThat(admin.getQueueInfo(this.queue).getMessageCount()).isZero();
				assertThat(admin.getQueueInfo(this.deadLetterQueue).getMessageCount()).isOne();
			});
	}

	@Test
	void queryWhoseReplyAddressIsTooLongForAmqpIsDeadLetteredAsUndecodable() {
		runner().run((context) -> {
			send(envelope("HostileProbe", "{\"probeId\":\"q\",\"replyTo\":\"" + "r".repeat(300) + "\"}"), Map.of(),
					0);
			answers(context);
			Delivered deadLetter = takeDeadLetter();
			assertThat(deadLetter.reason()).isEqualTo("undecodable");
			assertThat(deadLetter.description()).containsIgnoringCase("reply address").contains("300 UTF-8 bytes");
			assertQueuesSettled(context);
		});
	}

	@Test
	void commandWhoseCorrelationIdIsAMegabyteIsDeadLetteredAsUndecodable() {
		runner().run((context) -> {
			String replyQueue = new RabbitAdmin(context.getBean(CachingConnectionFactory.class)).declareQueue()
				.getName();
			String body = "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"HostileWork\",\"correlationId\":\""
					+ "c".repeat(1_000_000) + "\",\"payload\":{\"workId\":\"w\",\"replyTo\":\"" + replyQueue + "\"}}";
			send(body, Map.of(), 0);
			answers(context);
			Delivered deadLetter = takeDeadLetter();
			assertThat(deadLetter.reason()).isEqualTo("undecodable");
			assertThat(deadLetter.description()).contains("correlation id").contains("1000000 bytes")
				.hasSizeLessThan(1200);
			assertQueuesSettled(context);
		});
	}

	@Test
	void failedMessageWhoseHeaderFillsTheFrameIsDeadLetteredOnceWithoutIt() {
		runner().run((context) -> {
			send(envelope("HostileWork", "{\"workId\":\"fail\"}"),
					Map.of("x-big", LongStringHelper.asLongString("b".repeat(130_900))), 0);
			answers(context);
			Delivered deadLetter = takeDeadLetter();
			assertThat(deadLetter.reason()).isEqualTo("handler-failed");
			assertThat(deadLetter.headers()).doesNotContainKey("x-big");
			assertThat(String.valueOf(deadLetter.headers().get("x-mmate-dropped-headers")))
				.contains("x-big (130911 bytes)");
			assertQueuesSettled(context);
		});
	}

	@Test
	void handlerFailingWithAMegabyteMessageLogsAndDeadLettersItCut(CapturedOutput output) {
		runner().run((context) -> {
			send(envelope("HostileWork", "{\"workId\":\"fail-long\"}"), Map.of(), 0);
			answers(context);
			Delivered deadLetter = takeDeadLetter();
			assertThat(deadLetter.reason()).isEqualTo("handler-failed");
			assertThat(deadLetter.description()).hasSizeLessThan(1200).containsPattern("… \\(\\d+ chars\\)$");
			assertThat(String.valueOf(deadLetter.headers().get(DeadLetterHeaders.EXCEPTION_MESSAGE)))
				.hasSizeLessThan(1200);
			assertQueuesSettled(context);
		});
		assertThat(output.getAll().lines()).allSatisfy((line) -> assertThat(line).hasSizeLessThan(2000));
	}

	@Test
	void scheduledMessageWhoseDestinationIsTooLongForAmqpIsDeadLetteredOnce() {
		runner().withConfiguration(AutoConfigurations.of(MmateSchedulingAutoConfiguration.class)).run((context) -> {
			String messageId = UUID.randomUUID().toString();
			AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().messageId(messageId)
				.headers(Map.of("x-mmate-scheduled-exchange", "mmate.commands", "x-mmate-scheduled-routing-key",
						"k".repeat(300)))
				.build();
			send("mmate.delay.scheduled", envelope("HostileWork", "{\"workId\":\"later\"}"), properties, 0);
			answers(context);
			Delivered deadLetter = takeDeadLetter("dlq.mmate.delay.scheduled", messageId);
			assertThat(deadLetter.reason()).isEqualTo("no-destination");
			assertThat(deadLetter.description()).contains("routing key is 300 bytes long");
			answers(context);
		});
	}

	@Test
	void publishesTooLongForAmqpFailAtOnceWithoutAnOutageOrLeakedChannels() {
		runner().run((context) -> {
			MessagePublisher publisher = context.getBean(MessagePublisher.class);
			answers(context);
			long channels = context.getBean(ChannelCount.class).open();
			assertRefused(publisher.sendQuery(new HostileProbe("q"), PublishOptions.defaults().withReplyTo("r".repeat(300))),
					"mmate.queries", "HostileProbe", "reply-to property is 300 bytes");
			answers(context);
			assertRefused(publisher.sendCommand(new HostileWork("w"), this.service,
					PublishOptions.defaults().withCorrelationId("c".repeat(1_000_000))), "mmate.commands",
					"HostileWork", "correlation-id property is 1000000 bytes");
			answers(context);
			assertRefused(publisher.sendReply(new HostileProbeReply(true, "r"), "q".repeat(300), "c-1"), "",
					"HostileProbeReply", "routing key is 300 bytes");
			answers(context);
			assertRefused(publisher.publishEvent(new HostileWorkDone("w"),
					PublishOptions.defaults().withHeader("x-big", "b".repeat(140_000))), "mmate.events",
					"HostileWorkDone", "more than fit in one frame");
			answers(context);
			assertThat(context.getBean(ChannelCount.class).open()).isLessThanOrEqualTo(channels + 1);
		});
	}

	@Test
	void messageTheClientRefusesWhileWritingItFailsAloneAndLaterConfirmsStayInStep() {
		runner().run((context) -> {
			PublisherChannel channel = context.getBean(PublisherChannel.class);
			String target = new RabbitAdmin(context.getBean(CachingConnectionFactory.class)).declareQueue().getName();
			answers(context);
			long channels = context.getBean(ChannelCount.class).open();
			// Fine when checked, unsendable when the client writes it: the client refuses it after counting it.
			AMQP.BasicProperties shifty = new AMQP.BasicProperties.Builder().messageId("shifty")
				.headers(Map.of("x-shifty", new ShiftyList()))
				.build();
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> channel.publish("", target, true, shifty, new byte[0], ANSWER).get(2, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(PublishException.class)
				.withMessageContaining("Could not publish message 'shifty'")
				.withMessageContaining("invalid value in table");
			List<CompletableFuture<PublishReceipt>> later = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				later.add(channel.publish("", target, true, new AMQP.BasicProperties.Builder().messageId("m-" + i)
					.build(), new byte[0], ANSWER));
			}
			for (int i = 0; i < 20; i++) {
				assertThat(later.get(i).get(5, TimeUnit.SECONDS).messageId()).isEqualTo("m-" + i);
			}
			answers(context);
			await().atMost(ANSWER).until(() -> context.getBean(ChannelCount.class).open() <= channels);
		});
	}

	private ApplicationContextRunner runner() {
		return IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service)
			.withUserConfiguration(Handlers.class, ChannelCount.class);
	}

	// The service answers a query: its consumer and its publisher work.
	private static void answers(AssertableApplicationContext context) {
		String id = UUID.randomUUID().toString();
		HostileProbeReply reply = context.getBean(MessageRequester.class)
			.requestAndWait(new HostileProbe(id), HostileProbeReply.class, ANSWER);
		assertThat(reply.probeId()).isEqualTo(id);
	}

	private static void assertRefused(CompletableFuture<?> publish, String exchange, String type, String what) {
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> publish.get(2, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(PublishException.class)
			.withMessageContaining("exchange '" + exchange + "'")
			.withMessageContaining("type '" + type + "'")
			.withMessageContaining(what);
	}

	// Sends straight to the service queue from a connection of the test's own, on a thread whose stack takes the
	// client's recursive writing of deeply nested headers. A body padded with zeros to paddedTo bytes starts with the
	// text.
	private void send(String text, Map<String, Object> headers, int paddedTo) throws Exception {
		send(this.queue, text, new AMQP.BasicProperties.Builder().headers(headers)
			.messageId(UUID.randomUUID().toString())
			.build(), paddedTo);
	}

	private void send(String queue, String text, AMQP.BasicProperties properties, int paddedTo) throws Exception {
		byte[] start = text.getBytes(StandardCharsets.UTF_8);
		byte[] body = (paddedTo > start.length) ? Arrays.copyOf(start, paddedTo) : start;
		CompletableFuture<Void> done = new CompletableFuture<>();
		CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();
		try (Connection connection = connectionFactory.getRabbitConnectionFactory().newConnection()) {
			Thread thread = new Thread(null, () -> {
				try (Channel channel = connection.createChannel()) {
					channel.confirmSelect();
					channel.basicPublish("", queue, properties, body);
					channel.waitForConfirmsOrDie(30_000);
					done.complete(null);
				}
				catch (Throwable ex) {
					done.completeExceptionally(ex);
				}
			}, "hostile-sender", 512L * 1024 * 1024);
			thread.start();
			done.get(60, TimeUnit.SECONDS);
		}
		finally {
			connectionFactory.destroy();
		}
	}

	// A connection of a client without the check, consuming the service queue until the client closes it.
	private boolean consumeUntilTheConnectionCloses() throws Exception {
		CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();
		try {
			Connection connection = connectionFactory.getRabbitConnectionFactory().newConnection();
			CompletableFuture<Void> closed = new CompletableFuture<>();
			connection.addShutdownListener((cause) -> closed.complete(null));
			Channel channel = connection.createChannel();
			channel.basicQos(1);
			channel.basicConsume(this.queue, false, (tag, delivery) -> {
			}, (tag) -> {
			});
			try {
				closed.get(10, TimeUnit.SECONDS);
				return true;
			}
			catch (java.util.concurrent.TimeoutException ex) {
				connection.close();
				return false;
			}
		}
		finally {
			connectionFactory.destroy();
		}
	}

	private static Map<String, Object> nested(int depth) {
		Map<String, Object> nested = new HashMap<>();
		for (int i = 1; i < depth; i++) {
			nested = Map.of("a", nested);
		}
		return nested;
	}

	// Sent straight to the queue, so the kind is stated, as the route cannot tell it.
	private static String envelope(String type, String payload) {
		String kind = type.equals("HostileProbe") ? "query" : "command";
		return "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type
				+ "\",\"timestamp\":\"2025-07-08T10:31:00Z\",\"headers\":{\"x-message-kind\":\"" + kind
				+ "\"},\"payload\":" + payload + "}";
	}

	// Takes the one dead letter, waiting for it, and keeps only what the assertions need.
	private Delivered takeDeadLetter() throws Exception {
		return takeDeadLetter(this.deadLetterQueue, null);
	}

	// Takes dead letters until the one with the message id, any when null: a queue other tests share may hold others.
	private Delivered takeDeadLetter(String queue, String messageId) throws Exception {
		CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();
		connectionFactory.getRabbitConnectionFactory().setMaxInboundMessageBodySize(Integer.MAX_VALUE);
		try (Connection connection = connectionFactory.getRabbitConnectionFactory().newConnection();
				Channel channel = connection.createChannel()) {
			GetResponse[] response = new GetResponse[1];
			await().atMost(SETTLED).until(() -> {
				response[0] = channel.basicGet(queue, true);
				return response[0] != null
						&& (messageId == null || messageId.equals(response[0].getProps().getMessageId()));
			});
			Map<String, Object> headers = response[0].getProps().getHeaders();
			return new Delivered(String.valueOf(headers.get(DeadLetterHeaders.REASON)),
					String.valueOf(headers.get(DeadLetterHeaders.DESCRIPTION)), headers, response[0].getBody().length);
		}
		finally {
			connectionFactory.destroy();
		}
	}

	// Nothing left behind, and nothing comes back: the failed message is not delivered again.
	private void assertQueuesSettled(AssertableApplicationContext context) {
		RabbitAdmin admin = new RabbitAdmin(context.getBean(CachingConnectionFactory.class));
		await().atMost(SETTLED).until(() -> admin.getQueueInfo(this.queue).getMessageCount() == 0);
		answers(context);
		assertThat(admin.getQueueInfo(this.queue).getMessageCount()).isZero();
		assertThat(admin.getQueueInfo(this.deadLetterQueue).getMessageCount()).isZero();
	}

	/**
	 * A header value that holds text the first time it is read, and an object AMQP cannot carry after that.
	 */
	static final class ShiftyList extends AbstractList<Object> {

		private int reads;

		@Override
		public Iterator<Object> iterator() {
			this.reads++;
			return super.iterator();
		}

		@Override
		public Object get(int index) {
			return (this.reads <= 1) ? "fine" : new Object();
		}

		@Override
		public int size() {
			return 1;
		}

	}

	record Delivered(String reason, String description, Map<String, Object> headers, int bodySize) {
	}

	record HostileProbe(String probeId) implements Query {
	}

	record HostileProbeReply(boolean success, String probeId) implements Reply {
	}

	record HostileWork(String workId) implements Command {
	}

	record HostileWorkDone(String workId) implements io.mmate.Event {

		@Override
		public String aggregateId() {
			return this.workId;
		}

	}

	static class Handlers {

		@MmateHandler
		HostileProbeReply on(HostileProbe probe) {
			return new HostileProbeReply(true, probe.probeId());
		}

		@MmateHandler
		HostileProbeReply on(HostileWork work) {
			if (work.workId().equals("fail")) {
				throw new PermanentFailureException("work failed");
			}
			if (work.workId().equals("fail-long")) {
				throw new PermanentFailureException("work failed: " + "f".repeat(1_000_000 - 13));
			}
			return new HostileProbeReply(true, work.workId());
		}

	}

	/**
	 * Counts the channels open on the application's connections, through the client's metrics.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ChannelCount {

		private final MicrometerMetricsCollector metrics = new MicrometerMetricsCollector(new SimpleMeterRegistry());

		@Bean
		ConnectionFactoryCustomizer channelCounting() {
			return (connectionFactory) -> connectionFactory.setMetricsCollector(this.metrics);
		}

		long open() {
			return this.metrics.getChannels().get();
		}

	}

}
