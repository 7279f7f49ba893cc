package io.mmate.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.mmate.delay.DelayMechanism;
import io.mmate.delay.DelayedRoute;
import io.mmate.delay.TtlLevelTopology;
import io.mmate.testsupport.TestBroker;
import io.mmate.topology.TopologyDeclarer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The plugin-free TTL level topology on a real broker: delays are kept in due order, never early and at most a second
 * late; dotted destinations do not collide; unroutable delayed messages are caught; a broker restart loses nothing.
 */
class DelayIntegrationTests {

	private final DelayMechanism mechanism = new DelayMechanism.TtlLevels(levels());

	private final String prefix = "delay-it-" + UUID.randomUUID().toString().substring(0, 8);

	private CachingConnectionFactory connectionFactory;

	private RabbitTemplate rabbit;

	private RabbitAdmin admin;

	private final List<String> queues = new ArrayList<>();

	@BeforeEach
	void declareTopology() {
		this.connectionFactory = TestBroker.connectionFactory();
		this.rabbit = new RabbitTemplate(this.connectionFactory);
		this.admin = new RabbitAdmin(this.connectionFactory);
	}

	@AfterEach
	void deleteQueues() {
		this.queues.forEach(this.admin::deleteQueue);
		this.connectionFactory.destroy();
	}

	@Test
	void delayedMessagesArriveInDueOrderNeverEarlyAndWithinASecond() {
		String queue = destination("ordered");
		long start = System.currentTimeMillis();
		publishDelayed(queue, Duration.ofSeconds(10), "10s");
		publishDelayed(queue, Duration.ofSeconds(1), "1s");
		publishDelayed(queue, Duration.ofSeconds(3), "3s");
		List<String> arrived = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Message message = this.rabbit.receive(queue, 15_000);
			assertThat(message).as("delayed message %d", i).isNotNull();
			long elapsed = System.currentTimeMillis() - start;
			String body = new String(message.getBody(), StandardCharsets.UTF_8);
			long due = Long.parseLong(body.replace("s", "")) * 1000;
			System.out.printf("delay %s arrived after %d ms%n", body, elapsed);
			assertThat(elapsed).as("%s not early", body).isGreaterThanOrEqualTo(due);
			assertThat(elapsed).as("%s within a second of due", body).isLessThanOrEqualTo(due + 1000 + 500);
			arrived.add(body);
		}
		assertThat(arrived).containsExactly("1s", "3s", "10s");
	}

	@Test
	void dottedDestinationsDoNotCollide() {
		String shorter = destination("a");
		String longer = destination("a.b");
		publishDelayed(longer, Duration.ofSeconds(1), "for the longer name");
		Message message = this.rabbit.receive(longer, 5_000);
		assertThat(message).isNotNull();
		assertThat(this.admin.getQueueInfo(shorter).getMessageCount()).isZero();
	}

	@Test
	void delayedMessageWithoutDestinationIsCaughtByTheAlternateExchange() {
		String marker = this.prefix + "-lost";
		declare(List.of());
		publishDelayed(this.prefix + ".nowhere", Duration.ofSeconds(1), marker);
		await().atMost(Duration.ofSeconds(10)).until(() -> drainUnroutableFor(marker));
	}

	@Test
	void delayedMessageSurvivesABrokerRestart() throws Exception {
		assumeTrue(TestBroker.controllable(), "needs rabbitmqctl of the local broker");
		String queue = destination("restart");
		long start = System.currentTimeMillis();
		publishDelayed(queue, Duration.ofSeconds(5), "5s");
		// The restart is scheduled 2 s into the delay, not awaited: there is nothing to wait for.
		Thread.sleep(2000 - (System.currentTimeMillis() - start));
		assertThat(TestBroker.rabbitmqctl("stop_app")).isTrue();
		assertThat(TestBroker.rabbitmqctl("start_app")).isTrue();
		assertThat(TestBroker.rabbitmqctl("await_startup")).isTrue();
		Message message = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
			.until(() -> this.rabbit.receive(queue, 1000), (received) -> received != null);
		long elapsed = System.currentTimeMillis() - start;
		System.out.printf("5 s delay with a broker restart at 2 s arrived after %d ms%n", elapsed);
		assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).isEqualTo("5s");
		assertThat(elapsed).isGreaterThanOrEqualTo(5000);
	}

	/**
	 * The levels under test.
	 * @return the classic levels; a subclass tests the replicated ones
	 */
	TtlLevelTopology levels() {
		return TtlLevelTopology.CLASSIC;
	}

	private String destination(String suffix) {
		String queue = this.prefix + "." + suffix;
		this.admin.declareQueue(new Queue(queue, true, false, false));
		this.queues.add(queue);
		declare(List.of(this.mechanism.destinationBinding(queue)));
		return queue;
	}

	private void declare(List<Declarable> bindings) {
		List<Declarable> declarations = new ArrayList<>(this.mechanism.declarables());
		declarations.addAll(bindings);
		try (Connection connection = this.connectionFactory.createConnection()) {
			new TopologyDeclarer(this.connectionFactory, () -> new Declarables(declarations)).declare(connection);
		}
	}

	private void publishDelayed(String queue, Duration delay, String body) {
		DelayedRoute route = this.mechanism.route(delay, queue);
		MessageProperties properties = new MessageProperties();
		properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
		this.rabbit.send(route.exchange(), route.routingKey(),
				new Message(body.getBytes(StandardCharsets.UTF_8), properties));
	}

	private boolean drainUnroutableFor(String marker) {
		Message message;
		while ((message = this.rabbit.receive(levels().unroutable())) != null) {
			if (marker.equals(new String(message.getBody(), StandardCharsets.UTF_8))) {
				return true;
			}
		}
		return false;
	}

}
