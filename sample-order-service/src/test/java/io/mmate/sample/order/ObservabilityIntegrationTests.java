package io.mmate.sample.order;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.mmate.sample.order.OrderController.OrderPlaced;
import io.mmate.sample.order.TraceRecorder.Handled;
import io.mmate.sample.order.TraceRecorder.Observed;
import io.mmate.sample.order.contracts.OrderPlacedEvent;
import io.mmate.sample.order.contracts.PlaceOrderCommand;
import io.mmate.test.broker.BrokerProbe;
import io.mmate.test.broker.MmateBrokerConfiguration;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the running sample exposes: the {@code mmate} health component, Prometheus meters of its messages, the
 * {@code mmate} endpoint, and one trace from an HTTP request through the handler to its reply.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import({ MmateBrokerConfiguration.class, TraceRecorder.class })
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private static final String QUEUE = "order-service-queue";

	private static final SecureRandom RANDOM = new SecureRandom();

	/** The series that one placed order moves, each by exactly one, by a name that says what they count. */
	private static final Map<String, Series> MESSAGES_OF_ONE_ORDER = Map.of(
			"request PlaceOrderCommand answered", new Series("mmate_requests_seconds_count",
					Map.of("mmate_message_type", "PlaceOrderCommand", "outcome", "reply")),
			"publish PlaceOrderCommand confirmed", new Series("mmate_messages_published_seconds_count",
					Map.of("mmate_message_type", "PlaceOrderCommand", "messaging_destination_name", "mmate.commands",
							"outcome", "confirmed")),
			"handle PlaceOrderCommand, any outcome", new Series("mmate_messages_handled_seconds_count",
					Map.of("mmate_message_type", "PlaceOrderCommand")),
			"handle PlaceOrderCommand success", new Series("mmate_messages_handled_seconds_count",
					Map.of("mmate_message_type", "PlaceOrderCommand", "outcome", "success")),
			"publish OrderPlacedEvent confirmed", new Series("mmate_messages_published_seconds_count",
					Map.of("mmate_message_type", "OrderPlacedEvent", "messaging_destination_name", "mmate.events",
							"outcome", "confirmed")),
			"publish PlaceOrderReply confirmed", new Series("mmate_messages_published_seconds_count",
					Map.of("mmate_message_type", "PlaceOrderReply", "messaging_destination_name", "(default)",
							"outcome", "confirmed")),
			"handle OrderPlacedEvent success", new Series("mmate_messages_handled_seconds_count",
					Map.of("mmate_message_type", "OrderPlacedEvent", "outcome", "success")));

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private TraceRecorder recorder;

	@Autowired
	private BrokerProbe probe;

	private RestClient rest;

	private RestClient management;

	@BeforeEach
	void createClient() {
		this.rest = RestClient.create("http://localhost:" + this.port);
		// Actuator answers on a port of its own, bound to the loopback interface.
		this.management = RestClient.create("http://127.0.0.1:" + this.managementPort);
	}

	@Test
	void actuatorIsNotServedOnTheApplicationsPort() {
		HttpStatusCode status = this.rest.get()
			.uri("/actuator/health")
			.exchange((request, response) -> response.getStatusCode());
		assertThat(status.value()).isEqualTo(404);
		assertThat(this.managementPort).isNotEqualTo(this.port);
	}

	@Test
	void healthShowsTheMmateComponentUpWithItsQueue() {
		JsonNode mmate = getJson("/actuator/health").get("components").get("mmate");
		assertThat(mmate.get("status").asString()).isEqualTo("UP");
		JsonNode details = mmate.get("details");
		assertThat(details.get("service").asString()).isEqualTo("order-service");
		assertThat(details.get("queue").asString()).isEqualTo(QUEUE);
		assertThat(details.get("listener").asString()).isEqualTo("running");
		assertThat(details.get("circuitBreaker").asString()).isEqualTo("CLOSED");
		assertThat(details.get("consumers").asInt()).isGreaterThanOrEqualTo(1);

		JsonNode readiness = getJson("/actuator/health/readiness");
		assertThat(readiness.get("status").asString()).isEqualTo("UP");
		assertThat(readiness.get("components").propertyNames()).containsExactlyInAnyOrder("mmate", "readinessState");
	}

	@Test
	void prometheusCountsEachMessageOfOnePlacedOrderOnce() {
		awaitNoMessageInFlight();
		PrometheusScrape before = scrape();
		placeOrder(null);
		Map<String, Double> expected = new LinkedHashMap<>();
		MESSAGES_OF_ONE_ORDER.keySet().forEach((series) -> expected.put(series, 1.0));
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(countsSince(before)).isEqualTo(expected));
		PrometheusScrape after = scrape();
		// Every Mmate series says its messaging system; the breaker has one series per state, 1 for the current one.
		assertThat(after.samples("mmate_")).isNotEmpty()
			.allSatisfy((sample) -> assertThat(sample.labels()).as(sample.metric())
				.containsEntry("messaging_system", "rabbitmq"));
		assertThat(after.sum("mmate_circuitbreaker_state",
				Map.of("state", "closed", "messaging_destination_name", QUEUE))).isOne();
		assertThat(after.sum("mmate_circuitbreaker_state", Map.of("state", "open"))).isZero();
	}

	@Test
	void theMmateEndpointListsTheHandlersOfTheSample() {
		JsonNode mmate = getJson("/actuator/mmate");
		assertThat(mmate.get("serviceName").asString()).isEqualTo("order-service");
		Map<String, String> handlers = new LinkedHashMap<>();
		mmate.get("handlers").forEach((handler) -> handlers.put(handler.get("type").asString(),
				handler.get("kind").asString() + " " + handler.get("handler").asString()));
		String sample = "io.mmate.sample.order.";
		assertThat(handlers).containsOnly(
				Map.entry("PlaceOrderCommand", "command " + sample + "OrderHandlers#placeOrder(PlaceOrderCommand)"),
				Map.entry("GetOrderQuery", "query " + sample + "OrderHandlers#getOrder(GetOrderQuery)"),
				Map.entry("OrderPlacedEvent", "event " + sample
						+ "OrderNotificationHandler#onOrderPlaced(OrderPlacedEvent, MessageContext)"),
				Map.entry("PaymentReminderCommand", "command " + sample
						+ "PaymentReminders#remind(PaymentReminderCommand)"));
		JsonNode queue = mmate.get("queues").get(0);
		assertThat(queue.get("name").asString()).isEqualTo(QUEUE);
		// Each on its kind's exchange and on mmate.messages, where Go's Publish sends it given no exchange.
		assertThat(queue.get("bindings").findValuesAsString("routingKey")).containsExactlyInAnyOrder(
				"cmd.order-service.PlaceOrderCommand", "qry.GetOrderQuery", "cmd.order-service.PaymentReminderCommand",
				"cmd.order-service.PlaceOrderCommand", "qry.GetOrderQuery", "cmd.order-service.PaymentReminderCommand");
	}

	@Test
	void aTraceStartedByAnHttpRequestReachesTheHandlerAndItsReply(CapturedOutput output) {
		String traceId = randomHex(16);
		String orderId = placeOrder("00-" + traceId + "-" + randomHex(8) + "-01").orderId();

		// The reply has come, so the command's handler has run: with the request's trace in its logging MDC.
		Handled command = handled((message) -> message instanceof PlaceOrderCommand placed
				&& placed.orderId().equals(orderId));
		assertThat(command.mdcTraceId()).isEqualTo(traceId);
		assertThat(command.mdcMessageId()).isNotBlank().isEqualTo(command.messageId());

		// Every Mmate observation of the exchange is in that trace, down to the event's handler and the handler of
		// the payment reminder, which was scheduled while the command was handled and is delivered 2 s later.
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(this.recorder.observationsOf(traceId))
			.extracting(Observed::contextualName)
			.containsExactlyInAnyOrder("request PlaceOrderCommand", "publish PlaceOrderCommand",
					"handle PlaceOrderCommand", "publish OrderPlacedEvent", "publish PaymentReminderCommand",
					"publish PlaceOrderReply", "handle OrderPlacedEvent", "handle PaymentReminderCommand"));
		assertThat(this.recorder.observationsOf(traceId))
			.filteredOn((observed) -> observed.contextualName().equals("publish PlaceOrderReply"))
			.singleElement()
			.satisfies((reply) -> assertThat(reply.traceparent()).startsWith("00-" + traceId + "-"));
		assertThat(handled((message) -> message instanceof OrderPlacedEvent event && event.orderId().equals(orderId))
			.mdcTraceId()).isEqualTo(traceId);

		// The log pattern shows both ids on the handler's line.
		assertThat(output.getOut().lines().filter((line) -> line.contains("Placed order " + orderId)))
			.singleElement()
			.asString()
			.contains("[" + traceId + ",", "," + command.messageId() + "]");
	}

	@Test
	void nothingIsSentToATelemetryCollector(@Autowired ApplicationContext context) {
		assertThat(context.getBeanNamesForType(SpanExporter.class)).isEmpty();
		assertThat(context.getBeanNamesForType(LogRecordExporter.class)).isEmpty();
		assertThat(context.getBeanNamesForType(OtlpMeterRegistry.class)).isEmpty();
	}

	private Map<String, Double> countsSince(PrometheusScrape before) {
		PrometheusScrape now = scrape();
		Map<String, Double> counts = new LinkedHashMap<>();
		MESSAGES_OF_ONE_ORDER.forEach((name, series) -> counts.put(name,
				now.sum(series.metric(), series.labels()) - before.sum(series.metric(), series.labels())));
		return counts;
	}

	/**
	 * Wait until no message of an earlier test is queued or being handled, published or waited for, so that the
	 * meters then move for this test's messages alone.
	 */
	private void awaitNoMessageInFlight() {
		await().atMost(TIMEOUT).until(() -> {
			PrometheusScrape scrape = scrape();
			return this.probe.messageCount(QUEUE) == 0
					&& scrape.sum("mmate_messages_active", Map.of()) == 0
					&& scrape.sum("mmate_messages_handled_active_seconds_count", Map.of()) == 0
					&& scrape.sum("mmate_messages_published_active_seconds_count", Map.of()) == 0
					&& scrape.sum("mmate_requests_active_seconds_count", Map.of()) == 0;
		});
	}

	private Handled handled(Predicate<Object> message) {
		return await().atMost(TIMEOUT).until(() -> this.recorder.handled()
			.stream()
			.filter((handled) -> message.test(handled.message()))
			.findFirst()
			.orElse(null), (handled) -> handled != null);
	}

	private OrderPlaced placeOrder(String traceparent) {
		Map<String, Object> body = Map.of("customerId", "customer-o", "amount", new BigDecimal("9.99"));
		ResponseEntity<OrderPlaced> placed = this.rest.post()
			.uri("/orders")
			.headers((headers) -> {
				if (traceparent != null) {
					headers.set("traceparent", traceparent);
				}
			})
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(OrderPlaced.class);
		assertThat(placed.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		return placed.getBody();
	}

	private PrometheusScrape scrape() {
		return PrometheusScrape
			.parse(this.management.get().uri("/actuator/prometheus").retrieve().body(String.class));
	}

	private JsonNode getJson(String path) {
		return this.json.readTree(this.management.get().uri(path).retrieve().body(String.class));
	}

	private static String randomHex(int bytes) {
		byte[] random = new byte[bytes];
		RANDOM.nextBytes(random);
		return HexFormat.of().formatHex(random);
	}

	/**
	 * A Prometheus series: the samples of a metric with some labels, added up.
	 *
	 * @param metric the metric name
	 * @param labels the labels its samples must have
	 */
	private record Series(String metric, Map<String, String> labels) {

	}

}
