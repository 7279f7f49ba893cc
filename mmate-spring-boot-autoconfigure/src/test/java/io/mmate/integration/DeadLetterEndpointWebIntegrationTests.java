package io.mmate.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.mmate.MessagePublisher;
import io.mmate.integration.DeadLetterEndpointIntegrationTests.Work;
import io.mmate.integration.DeadLetterEndpointIntegrationTests.Worker;
import io.mmate.testsupport.TestBrokerConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
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
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dead-letter endpoint over HTTP in a whole Spring Boot application with Actuator: the REST shape, JSON bodies and
 * the 400 of a bad request, with its reason since {@code spring.web.error.include-message} is on.
 */
@SpringBootTest(classes = DeadLetterEndpointWebIntegrationTests.Application.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.rabbitmq.host=127.0.0.1", "management.endpoints.web.exposure.include=mmatedeadletters",
				"management.endpoint.mmatedeadletters.access=unrestricted", "spring.web.error.include-message=always" })
@DirtiesContext
class DeadLetterEndpointWebIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String SERVICE = IntegrationTestSupport.uniqueServiceName("dead-letter-web-it");

	private static final String QUEUE = SERVICE + "-queue";

	@LocalServerPort
	private int port;

	@Autowired
	private MessagePublisher publisher;

	@Autowired
	private RabbitTemplate rabbit;

	@Autowired
	private Worker worker;

	private final JsonMapper json = JsonMapper.builder().build();

	private RestClient rest;

	@DynamicPropertySource
	static void serviceName(DynamicPropertyRegistry registry) {
		registry.add("mmate.service-name", () -> SERVICE);
	}

	@BeforeEach
	void createClient() {
		this.rest = RestClient.builder()
			.baseUrl("http://localhost:" + this.port + "/actuator/mmatedeadletters")
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
				// Tests assert on error statuses themselves.
			})
			.build();
	}

	@Test
	void listReplayAndPurgeOverHttp() throws Exception {
		this.worker.failing.set(true);
		List<String> ids = deadLetter("a", "b", "c");

		JsonNode page = body(this.rest.get().uri("/{queue}?offset=1&limit=1", QUEUE).retrieve().toEntity(String.class));
		assertThat(page.get("queue").asString()).isEqualTo(QUEUE);
		assertThat(page.get("deadLetterQueue").asString()).isEqualTo("dlq." + QUEUE);
		assertThat(page.get("total").asLong()).isEqualTo(3);
		assertThat(page.get("messages")).hasSize(1);
		JsonNode message = page.get("messages").get(0);
		assertThat(message.get("messageId").asString()).isEqualTo(ids.get(1));
		assertThat(message.get("type").asString()).isEqualTo("Work");
		assertThat(message.get("timestamp").asString()).endsWith("Z");
		assertThat(message.get("headers").get("x-mmate-dead-letter-reason").asString()).isEqualTo("handler-failed");
		assertThat(message.get("headers").get("x-mmate-attempts").asString()).isEqualTo("1");
		assertThat(message.get("body").asString()).contains("\"name\":\"b\"");

		this.worker.failing.set(false);
		JsonNode one = body(replay("{\"messageId\":\"" + ids.get(0) + "\"}"));
		assertThat(one.get("replayed")).extracting(JsonNode::asString).containsExactly(ids.get(0));
		assertThat(one.get("failed")).isEmpty();
		JsonNode all = body(replay("{\"all\":true,\"max\":1}"));
		assertThat(all.get("replayed")).extracting(JsonNode::asString).containsExactly(ids.get(1));
		await().atMost(TIMEOUT).until(() -> this.worker.handled.size() == 2);
		await().atMost(TIMEOUT).until(() -> deadLetterCount() == 1);

		JsonNode purged = body(this.rest.delete().uri("/{queue}", QUEUE).retrieve().toEntity(String.class));
		assertThat(purged.get("purged").asLong()).isEqualTo(1);
		assertThat(deadLetterCount()).isZero();
	}

	@Test
	void badRequestsAreRejectedWithTheReason() {
		ResponseEntity<String> unknown = this.rest.get()
			.uri("/{queue}", "unknown-" + QUEUE)
			.retrieve()
			.toEntity(String.class);
		assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(this.json.readTree(unknown.getBody()).get("message").asString())
			.isEqualTo("'unknown-" + QUEUE + "' is not a queue of this service; its dead letters are those of "
					+ QUEUE);
		ResponseEntity<String> tooLong = this.rest.get()
			.uri("/{queue}", "q".repeat(250) + "-queue")
			.retrieve()
			.toEntity(String.class);
		assertThat(tooLong.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(this.json.readTree(tooLong.getBody()).get("message").asString())
			.isEqualTo("The queue name is longer than 255 bytes");
		assertThat(this.rest.get().uri("/{queue}?offset=1001", QUEUE).retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(this.rest.get().uri("/{queue}?limit=1000", QUEUE).retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatus.BAD_REQUEST);
		ResponseEntity<String> neither = replay("{}");
		assertThat(neither.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(neither.getBody()).contains("Give either a 'messageId'");
	}

	private ResponseEntity<String> replay(String request) {
		return this.rest.post()
			.uri("/{queue}", QUEUE)
			.contentType(MediaType.APPLICATION_JSON)
			.body(request)
			.retrieve()
			.toEntity(String.class);
	}

	private JsonNode body(ResponseEntity<String> response) {
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		return this.json.readTree(response.getBody());
	}

	private List<String> deadLetter(String... names) throws Exception {
		List<String> ids = new ArrayList<>();
		for (String name : names) {
			ids.add(this.publisher.sendCommand(new Work(name), SERVICE).get().messageId());
			int expected = ids.size();
			await().atMost(TIMEOUT).until(() -> deadLetterCount() == expected);
		}
		return ids;
	}

	private long deadLetterCount() {
		return new RabbitAdmin(this.rabbit).getQueueInfo("dlq." + QUEUE).getMessageCount();
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
