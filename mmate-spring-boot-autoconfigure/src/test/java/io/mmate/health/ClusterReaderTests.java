package io.mmate.health;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mmate.health.ClusterReader.ClientConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterReader} and {@link ManagementApiClient} against an HTTP server that answers as the
 * management API did (the answers in {@code management-api/}, see {@link ClusterViewTests}).
 */
class ClusterReaderTests {

	private static final ClientConnection CONNECTION = new ClientConnection(36750,
			"rabbitConnectionFactory#5c1a6e2b:0", "/");

	private static final List<String> QUEUES = List.of("orders-queue", "dlq.orders-queue", "orders-queue.p0",
			"orders-queue.p1", "orders-audit-queue", "mmate.delay.quorum.level.00", "mmate.delay.quorum.unroutable");

	private final List<URI> requests = new CopyOnWriteArrayList<>();

	private final List<String> authorizations = new CopyOnWriteArrayList<>();

	private final Map<String, String> answers = new ConcurrentHashMap<>();

	private final MutableClock clock = new MutableClock();

	private volatile int status = 200;

	private volatile Duration delay = Duration.ZERO;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private HttpServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.answers.put("/api/nodes", ClusterViewTests.fixture("cluster-nodes.json"));
		this.answers.put("/api/connections", ClusterViewTests.fixture("cluster-connections.json"));
		this.answers.put("/api/queues/%2F", ClusterViewTests.fixture("cluster-queues.json"));
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::answer);
		// A thread per request, so that a slow answer does not hold up the others.
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	@Test
	void readsTheNodesTheConnectionAndTheQueuesInOneRequestEach() {
		ClusterView view = reader(Duration.ofSeconds(5)).read();
		assertThat(view.details()).containsExactly(Map.entry("node", "mmate-2@localhost"),
				Map.entry("runningNodes", 3), Map.entry("nodes", 3));
		assertThat(this.requests).hasSize(3);
		assertThat(request("/api/nodes").getQuery()).isEqualTo("columns=name,running");
		assertThat(request("/api/connections").getQuery())
			.isEqualTo("columns=name,node,peer_port,client_properties&page=1&page_size=500&use_regex=true"
					+ "&name=:36750 -> ");
		assertThat(request("/api/queues/%2F").getQuery())
			.isEqualTo("columns=name,type,leader,members,online&page=1&page_size=500&use_regex=true"
					+ "&name=^(orders\\-queue|dlq\\.orders\\-queue|orders\\-queue\\.p0|orders\\-queue\\.p1"
					+ "|orders\\-audit\\-queue|mmate\\.delay\\.quorum\\.level\\.00|mmate\\.delay\\.quorum\\.unroutable)$");
		byte[] credentials = "monitor:secret".getBytes(StandardCharsets.UTF_8);
		assertThat(this.authorizations).containsOnly("Basic " + Base64.getEncoder().encodeToString(credentials));
	}

	@Test
	void reportsWhatIsWrongWithTheCluster() {
		this.answers.put("/api/nodes", ClusterViewTests.fixture("cluster-nodes-node3-stopped.json"));
		this.answers.put("/api/queues/%2F", ClusterViewTests.fixture("cluster-queues-node3-stopped.json"));
		ClusterView view = reader(Duration.ofSeconds(5)).read();
		assertThat(view.details()).containsEntry("runningNodes", 2)
			.containsEntry("stoppedNodes", List.of("mmate-3@localhost"))
			.containsEntry("queuesWithoutLeader", List.of("orders-audit-queue"));
		assertThat(view.problems()).hasSize(3);
	}

	@Test
	void keepsAnAnswerForItsTimeToLive() {
		ClusterReader reader = reader(Duration.ofSeconds(5));
		ClusterView first = reader.read();
		this.clock.advance(Duration.ofSeconds(4));
		assertThat(reader.read()).isSameAs(first);
		assertThat(this.requests).hasSize(3);
		this.clock.advance(Duration.ofSeconds(1));
		reader.read();
		assertThat(this.requests).hasSize(6);
	}

	@Test
	void keepsAFailureForItsTimeToLiveToo() {
		this.status = 401;
		ClusterReader reader = reader(Duration.ofSeconds(5));
		ClusterView failed = reader.read();
		assertThat(reader.read()).isSameAs(failed);
		assertThat(this.requests).hasSizeLessThanOrEqualTo(3);
	}

	@Test
	void refusalIsAnErrorDetailWithTheReasonTheApiGives() {
		this.status = 401;
		String refusal = "{\"error\":\"not_authorised\",\"reason\":\"Not monitor user\"}";
		List.of("/api/nodes", "/api/connections", "/api/queues/%2F").forEach((path) -> this.answers.put(path, refusal));
		ClusterView view = reader(Duration.ZERO).read();
		assertThat(view.error()).startsWith("GET /api/").endsWith(" answered 401: Not monitor user");
		assertThat(view.details()).containsOnlyKeys("error");
		assertThat(view.problems()).isEmpty();
	}

	@Test
	void slowApiIsAnErrorDetailAfterTheTimeout() {
		this.delay = Duration.ofSeconds(3);
		long start = System.nanoTime();
		ClusterView view = reader(Duration.ZERO).read();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		assertThat(view.error()).contains("timed out");
	}

	@Test
	void unreachableApiIsAnErrorDetail() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		ManagementApiClient api = new ManagementApiClient(URI.create("http://127.0.0.1:" + closedPort),
				"monitor", "secret", Duration.ofMillis(500));
		ClusterView view = new ClusterReader(api, () -> CONNECTION, () -> QUEUES, Duration.ZERO, this.clock).read();
		assertThat(view.error()).startsWith("GET /api/")
			.contains("of http://127.0.0.1:" + closedPort + "/ failed: java.net.ConnectException");
	}

	@Test
	void failureToFindTheConnectionIsAnErrorDetail() {
		ClusterView view = new ClusterReader(api(), () -> {
			throw new IllegalStateException("connection refused");
		}, () -> QUEUES, Duration.ZERO, this.clock).read();
		assertThat(view.error()).endsWith("java.lang.IllegalStateException: connection refused");
	}

	@Test
	void serviceWithoutQuorumQueuesAsksForNone() {
		ClusterView view = new ClusterReader(api(), () -> CONNECTION, List::of, Duration.ZERO, this.clock).read();
		assertThat(view.details()).containsEntry("node", "mmate-2@localhost").containsEntry("runningNodes", 3);
		assertThat(this.requests).extracting(URI::getRawPath).containsOnly("/api/nodes", "/api/connections");
	}

	@Test
	void quorumQueuesAreThoseDeclaredWithTheQuorumType() {
		Declarables declarables = new Declarables(new TopicExchange("mmate.events"),
				QueueBuilder.durable("orders-queue").quorum().build(), new Queue("orders-classic"),
				QueueBuilder.durable("dlq.orders-queue").quorum().build());
		assertThat(ClusterReader.quorumQueues(declarables)).containsExactly("orders-queue", "dlq.orders-queue");
	}

	private ClusterReader reader(Duration timeToLive) {
		return new ClusterReader(api(), () -> CONNECTION, () -> QUEUES, timeToLive, this.clock);
	}

	private ManagementApiClient api() {
		return new ManagementApiClient(URI.create("http://127.0.0.1:" + this.server.getAddress().getPort()),
				"monitor", "secret", Duration.ofMillis(500));
	}

	private URI request(String path) {
		return this.requests.stream().filter((uri) -> uri.getRawPath().equals(path)).findFirst().orElseThrow();
	}

	private void answer(HttpExchange exchange) throws IOException {
		this.requests.add(exchange.getRequestURI());
		this.authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
		try {
			Thread.sleep(this.delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		String body = this.answers.getOrDefault(exchange.getRequestURI().getRawPath(), "{}");
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(this.status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2025-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
