package io.mmate.integration;

import java.time.Duration;

import io.mmate.MessagePublisher;
import io.mmate.PermanentFailureException;
import io.mmate.integration.HealthIntegrationTests.Work;
import io.mmate.integration.HealthIntegrationTests.Worker;
import io.mmate.listener.ListenerContainerLifecycle;
import io.mmate.testsupport.TestBrokerConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health and the {@code mmate} endpoint over HTTP in a whole Spring Boot application with Actuator, configured as the
 * README says: {@code mmate} in the readiness group, and nothing about statuses: {@code DEGRADED} takes its place
 * between {@code DOWN} and {@code UP} in the aggregate and answers 200, {@code DOWN} 503.
 */
@SpringBootTest(classes = HealthWebIntegrationTests.Application.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.rabbitmq.host=127.0.0.1", "mmate.delay.mechanism=ttl-levels",
				"management.endpoints.web.exposure.include=health,mmate",
				"management.endpoint.health.show-details=always",
				"management.endpoint.health.group.readiness.include=readinessState,mmate",
				"management.health.mmate.dead-letter-threshold=0", "management.health.mmate.cache-time-to-live=0s" })
@DirtiesContext
class HealthWebIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String SERVICE = IntegrationTestSupport.uniqueServiceName("health-web-it");

	private static final String QUEUE = SERVICE + "-queue";

	@LocalServerPort
	private int port;

	@Autowired
	private MessagePublisher publisher;

	@Autowired
	private RabbitAdmin admin;

	@Autowired
	private Worker worker;

	@Autowired
	private ListenerContainerLifecycle listener;

	private final JsonMapper json = JsonMapper.builder().build();

	private RestClient rest;

	@DynamicPropertySource
	static void serviceName(DynamicPropertyRegistry registry) {
		registry.add("mmate.service-name", () -> SERVICE);
	}

	@BeforeEach
	void createClient() {
		this.rest = RestClient.builder()
			.baseUrl("http://localhost:" + this.port + "/actuator")
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
				// Tests assert on error statuses themselves.
			})
			.build();
	}

	@Test
	void healthShowsTheServiceQueueAndTheReadinessGroupIncludesIt() {
		await().atMost(TIMEOUT).until(() -> "UP".equals(status("/health/readiness", HttpStatus.OK)));
		JsonNode mmate = body(get("/health/mmate"), HttpStatus.OK);
		assertThat(mmate.get("status").asString()).isEqualTo("UP");
		JsonNode details = mmate.get("details");
		assertThat(details.get("service").asString()).isEqualTo(SERVICE);
		assertThat(details.get("queue").asString()).isEqualTo(QUEUE);
		assertThat(details.get("listener").asString()).isEqualTo("running");
		assertThat(details.get("consumers").asInt()).isEqualTo(1);
		assertThat(details.get("ready").asLong()).isZero();
		assertThat(details.get("deadLetters").asLong()).isZero();
		assertThat(details.get("circuitBreaker").asString()).isEqualTo("CLOSED");
		assertThat(details.get("delayMechanism").asString()).isEqualTo("ttl-levels");
		JsonNode readiness = body(get("/health/readiness"), HttpStatus.OK);
		assertThat(readiness.get("components").propertyNames()).containsExactlyInAnyOrder("mmate", "readinessState");
	}

	@Test
	void deadLetterAboveTheThresholdIsDegradedWith200AndAStoppedListenerIsDownWith503() throws Exception {
		await().atMost(TIMEOUT).until(() -> "UP".equals(status("/health/readiness", HttpStatus.OK)));
		this.worker.failure.set(new PermanentFailureException("invalid"));
		try {
			this.publisher.sendCommand(new Work("a"), SERVICE).get();
			await().atMost(TIMEOUT).until(() -> "DEGRADED".equals(status("/health", HttpStatus.OK)));
			assertThat(status("/health/readiness", HttpStatus.OK)).isEqualTo("DEGRADED");
			JsonNode mmate = body(get("/health/mmate"), HttpStatus.OK);
			assertThat(mmate.get("details").get("reasons").get(0).asString())
				.isEqualTo("1 dead letters in 'dlq." + QUEUE + "', above the threshold of 0");

			this.listener.getContainer().stop();
			assertThat(status("/health/readiness", HttpStatus.SERVICE_UNAVAILABLE)).isEqualTo("DOWN");
			assertThat(status("/health", HttpStatus.SERVICE_UNAVAILABLE)).isEqualTo("DOWN");
		}
		finally {
			this.worker.failure.set(null);
			this.listener.getContainer().start();
			this.admin.purgeQueue("dlq." + QUEUE);
		}
		await().atMost(TIMEOUT).until(() -> "UP".equals(status("/health/readiness", HttpStatus.OK)));
	}

	@Test
	void endpointDescribesTheService() {
		JsonNode mmate = body(get("/mmate"), HttpStatus.OK);
		assertThat(mmate.get("serviceName").asString()).isEqualTo(SERVICE);
		assertThat(mmate.get("exchanges")).hasSize(6);
		JsonNode queue = mmate.get("queues").get(0);
		assertThat(queue.get("name").asString()).isEqualTo(QUEUE);
		assertThat(queue.get("type").asString()).isEqualTo("classic");
		assertThat(queue.get("deadLetterQueue").asString()).isEqualTo("dlq." + QUEUE);
		assertThat(queue.get("bindings").get(0).get("exchange").asString()).isEqualTo("mmate.commands");
		assertThat(queue.get("bindings").get(0).get("routingKey").asString()).isEqualTo("cmd." + SERVICE + ".Work");
		JsonNode handler = mmate.get("handlers").get(0);
		assertThat(handler.get("type").asString()).isEqualTo("Work");
		assertThat(handler.get("kind").asString()).isEqualTo("command");
		assertThat(handler.get("handler").asString()).isEqualTo(Worker.class.getName() + "#on(Work)");
		assertThat(mmate.get("retry").get("defaults").get("initialBackoff").asString()).isEqualTo("200ms");
		assertThat(mmate.get("retry").get("defaults").get("delays")).extracting(JsonNode::asString)
			.containsExactly("10s", "1m", "10m");
		assertThat(mmate.get("delayMechanism").asString()).isEqualTo("ttl-levels");
		assertThat(mmate.get("broker").get("product").asString()).isEqualTo("RabbitMQ");
		assertThat(mmate.get("broker").get("version").asString()).isNotBlank();
	}

	private ResponseEntity<String> get(String path) {
		return this.rest.get().uri(path).retrieve().toEntity(String.class);
	}

	private String status(String path, HttpStatus expected) {
		ResponseEntity<String> response = get(path);
		String status = this.json.readTree(response.getBody()).get("status").asString();
		// Each status comes with its HTTP status; a mismatch is a different answer, not a pass.
		return response.getStatusCode().equals(expected) ? status : status + " " + response.getStatusCode();
	}

	private JsonNode body(ResponseEntity<String> response, HttpStatus expected) {
		assertThat(response.getStatusCode()).isEqualTo(expected);
		return this.json.readTree(response.getBody());
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ TestBrokerConfiguration.class, Worker.class })
	static class Application {

		@Bean
		DisposableBean deleteServiceQueues() {
			// Runs as the context closes, after the listener has stopped, so that nothing declares them again.
			return () -> IntegrationTestSupport.deleteServiceQueues(SERVICE);
		}

	}

}
