package io.mmate.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.mmate.Command;
import io.mmate.MmateHandler;
import io.mmate.Reply;
import io.mmate.autoconfigure.MmateContractsAutoConfiguration;
import io.mmate.autoconfigure.endpoint.MmateDescriptor.ContractDescriptor;
import io.mmate.autoconfigure.endpoint.MmateEndpoint;
import io.mmate.autoconfigure.endpoint.MmateEndpointAutoConfiguration;
import io.mmate.contract.ContractRegistry;
import io.mmate.contract.ContractSubscriber;
import io.mmate.testsupport.GoEnvelopes;
import io.mmate.testsupport.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Contract discovery on a real broker: a service announces its handlers' contracts on {@code mmate.contracts} at
 * start-up and every interval, unregisters them when it stops, and keeps what other services (here, a Go one)
 * announce in its registry, shown by the {@code mmate} endpoint.
 */
class ContractsIntegrationTests {

	private final String service = IntegrationTestSupport.uniqueServiceName("contracts-it");

	private final JsonMapper json = JsonMapper.builder().build();

	private final BlockingQueue<JsonNode> announcements = new LinkedBlockingQueue<>();

	private CachingConnectionFactory observer;

	private Channel channel;

	@BeforeEach
	void observeAnnouncements() throws Exception {
		this.observer = TestBroker.connectionFactory();
		Connection connection = this.observer.createConnection();
		this.channel = connection.createChannel(false);
		this.channel.exchangeDeclare("mmate.contracts", "topic", true);
		String queue = this.channel.queueDeclare().getQueue();
		this.channel.queueBind(queue, "mmate.contracts", "contract.announce");
		this.channel.basicConsume(queue, true, new DefaultConsumer(this.channel) {

			@Override
			public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
				JsonNode announcement = ContractsIntegrationTests.this.json.readTree(body);
				// Other services on the broker announce too.
				if (announcement.path("payload").path("contracts").path(0).path("serviceName").asString("")
					.equals(ContractsIntegrationTests.this.service)) {
					ContractsIntegrationTests.this.announcements.add(announcement);
				}
			}

		});
	}

	@AfterEach
	void stopObserving() {
		this.observer.destroy();
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	@Test
	void announcesAtStartUpAndUnregistersWhenItStops() throws Exception {
		Instant started = Instant.now();
		runner().run((context) -> {
			JsonNode first = this.announcements.poll(10, TimeUnit.SECONDS);
			assertThat(first).as("announcement at start-up (the interval is 30 s)").isNotNull();
			assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(35));
			assertThat(first.get("type").stringValue()).isEqualTo("ContractAnnouncement");
			assertThat(first.get("headers").get("x-source").stringValue()).isEqualTo("mmate-java");
			JsonNode payload = first.get("payload");
			assertThat(payload.get("action").stringValue()).isEqualTo("registered");
			JsonNode contract = payload.get("contracts").get(0);
			assertThat(contract.get("endpointId").stringValue()).isEqualTo(this.service + ".ShipParcel");
			assertThat(contract.get("queue").stringValue()).isEqualTo(this.service + "-queue");
			assertThat(contract.get("inputType").stringValue()).isEqualTo("ShipParcel");
			assertThat(contract.get("outputType").stringValue()).isEqualTo("ParcelShipped");
			assertThat(contract.get("inputSchema").get("title").stringValue()).isEqualTo("ShipParcel");
			assertThat(contract.get("maxRetries").intValue()).isEqualTo(11);
			assertThat(contract.get("timeout").stringValue()).isEqualTo("30s");
		});
		JsonNode last = this.announcements.poll(10, TimeUnit.SECONDS);
		assertThat(last).as("unregistration when the application stops").isNotNull();
		assertThat(last.get("payload").get("action").stringValue()).isEqualTo("unregistered");
		assertThat(last.get("payload").get("contracts").get(0).get("endpointId").stringValue())
			.isEqualTo(this.service + ".ShipParcel");
	}

	@Test
	void announcesAgainEveryInterval() {
		runner().withPropertyValues("mmate.contracts.announce-interval=1s").run((context) -> {
			await().atMost(Duration.ofSeconds(10)).until(() -> this.announcements.size() >= 3);
			assertThat(this.announcements).extracting((announcement) -> announcement.get("payload").get("action")
				.stringValue()).containsOnly("registered");
		});
	}

	@Test
	void goAnnouncementsAppearInTheRegistryAndTheEndpoint() throws Exception {
		runner().run((context) -> {
			publish(GoEnvelopes.fixture("contract-announcement.json"));
			ContractRegistry registry = context.getBean(ContractRegistry.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> registry.contracts().size() >= 3);
			List<ContractDescriptor> shown = context.getBean(MmateEndpoint.class).describe().contracts();
			assertThat(shown).filteredOn((contract) -> contract.serviceName().equals("inventory-service"))
				.extracting(ContractDescriptor::endpointId, ContractDescriptor::outputType)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("inventory-service.ReserveStockCommand",
						"ReserveStockReply"),
						org.assertj.core.groups.Tuple.tuple("inventory-service.StockLevelQuery", "StockLevelReply"),
						org.assertj.core.groups.Tuple.tuple("workflow.order-fulfilment", "WorkflowResult"));
			String unregistered = new String(GoEnvelopes.fixture("contract-announcement.json"),
					StandardCharsets.UTF_8)
				.replace("\"action\":\"registered\"", "\"action\":\"unregistered\"");
			publish(unregistered.getBytes(StandardCharsets.UTF_8));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.contracts()
					.stream()
					.noneMatch((known) -> known.contract().serviceName().equals("inventory-service")));
		});
	}

	@Test
	void contractQueueIsDeclaredAgainAfterAReconnect() {
		runner().run((context) -> {
			assertThat(context.getBean(ContractSubscriber.class).isDeclared()).isTrue();
			// The broker deletes the exclusive queue with the connection: what arrives after this came through the
			// queue that the next connection declared.
			context.getBean(CachingConnectionFactory.class).resetConnection();
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				publish(GoEnvelopes.fixture("contract-announcement.json"));
				assertThat(context.getBean(ContractRegistry.class).contracts()).isNotEmpty();
			});
		});
	}

	private ApplicationContextRunner runner() {
		return IntegrationTestSupport.runner()
			.withConfiguration(AutoConfigurations.of(MmateContractsAutoConfiguration.class,
					MmateEndpointAutoConfiguration.class))
			.withPropertyValues("mmate.service-name=" + this.service,
					"management.endpoints.web.exposure.include=" + MmateEndpoint.ID)
			.withBean(Shipping.class);
	}

	// As Go publishes it: the envelope's headers in the AMQP header table too.
	private void publish(byte[] body) throws Exception {
		Message go = GoEnvelopes.delivery(body);
		AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
			.deliveryMode(2)
			.headers(Map.copyOf(go.getMessageProperties().getHeaders()))
			.build();
		this.channel.basicPublish("mmate.contracts", "contract.announce", properties, body);
	}

	record ShipParcel(String parcelId) implements Command {
	}

	record ParcelShipped(boolean success, String parcelId) implements Reply {
	}

	static class Shipping {

		@MmateHandler
		ParcelShipped on(ShipParcel command) {
			return new ParcelShipped(true, command.parcelId());
		}

	}

}
