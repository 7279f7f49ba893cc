package io.mmate.sample.order;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;

import io.mmate.sample.order.OrderController.OrderPlaced;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Two instances of the sample with the {@code postgres} profile, one database and one broker between them: an order
 * posted to one instance is found through the other, for 1,000 orders, the instances taking turns. Each instance is a
 * whole application, with its web server on a port of its own, started as {@code java -jar} would start it; the
 * command and the query of each request are handled by whichever instance's consumer takes them from the shared
 * queue. Needs PostgreSQL on 127.0.0.1:5432 ({@code bash scripts/postgres.sh up}) and RabbitMQ on 127.0.0.1:5672
 * ({@code bash scripts/rabbitmq.sh up}).
 */
class TwoInstancesOnPostgresIntegrationTests {

	private static final int PAIRS = 1000;

	@BeforeAll
	static void postgresAnswers() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", 5432), 2000);
		}
		catch (IOException ex) {
			fail("No PostgreSQL answers on 127.0.0.1:5432 (" + ex.getMessage() + "): start it with "
					+ "'bash scripts/postgres.sh up', which creates the database mmate for the user mmate "
					+ "(password mmate), then run the tests again");
		}
	}

	@Test
	void everyOrderPostedToOneInstanceIsFoundThroughTheOther() {
		// One after the other: each runs schema.sql, which two instances starting at once could race on.
		try (ConfigurableApplicationContext first = start(); ConfigurableApplicationContext second = start()) {
			assertThat(databaseUrl(first)).startsWith("jdbc:postgresql://127.0.0.1:5432/mmate");
			List<RestClient> instances = List.of(client(first), client(second));
			OrderRepository orders = first.getBean(OrderRepository.class);
			long storedBefore = orders.count();
			int placed = 0;
			int found = 0;
			int notFound = 0;
			long started = System.nanoTime();
			for (int i = 0; i < PAIRS; i++) {
				RestClient poster = instances.get(i % 2);
				RestClient getter = instances.get((i + 1) % 2);
				ResponseEntity<OrderPlaced> post = poster.post()
					.uri("/orders")
					.contentType(MediaType.APPLICATION_JSON)
					.body(Map.of("customerId", "customer-" + i, "amount", new BigDecimal("19.99"), "items",
							List.of(Map.of("sku", "SKU-" + i, "quantity", 1, "price", new BigDecimal("19.99")))))
					.retrieve()
					.toEntity(OrderPlaced.class);
				assertThat(post.getStatusCode()).as("POST /orders number %d", i).isEqualTo(HttpStatus.CREATED);
				placed++;
				String orderId = post.getBody().orderId();
				ResponseEntity<Order> get = getter.get().uri("/orders/{id}", orderId).retrieve().toEntity(Order.class);
				if (get.getStatusCode().equals(HttpStatus.OK) && orderId.equals(get.getBody().orderId())
						&& ("customer-" + i).equals(get.getBody().customerId())) {
					found++;
				}
				else {
					notFound++;
				}
			}
			long millis = (System.nanoTime() - started) / 1_000_000;
			long stored = orders.count() - storedBefore;
			System.out.printf("two instances on PostgreSQL: %d POST then GET pairs in %d ms, %d placed, %d found "
					+ "through the other instance, %d not found, %d new rows in orders%n", PAIRS, millis, placed,
					found, notFound, stored);
			assertThat(notFound).isZero();
			assertThat(found).isEqualTo(PAIRS);
			assertThat(stored).isEqualTo(PAIRS);
		}
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(OrderServiceApplication.class).profiles("postgres")
			.run("--server.port=0", "--management.server.port=0");
	}

	private static String databaseUrl(ConfigurableApplicationContext context) {
		return context.getEnvironment().getProperty("spring.datasource.url");
	}

	private static RestClient client(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return RestClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
				// Counted, not thrown: the test reports how many GETs found nothing.
			})
			.build();
	}

}
