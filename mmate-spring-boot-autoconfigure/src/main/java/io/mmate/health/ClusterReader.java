package io.mmate.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.mmate.health.ManagementApiClient.ListedConnection;
import io.mmate.health.ManagementApiClient.ListedNode;
import io.mmate.health.ManagementApiClient.ListedQueue;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * Reads the {@link ClusterView} from the RabbitMQ management API for the health indicator: three requests sent
 * together (the nodes, the connections from the application's client port, the starter's quorum queues), each bounded
 * by the client's timeout, and the answer kept for a while, so that health checks polled every second cost the API
 * almost nothing. A failure is kept too, and reported in the view instead of being thrown.
 */
public class ClusterReader {

	private final ManagementApiClient api;

	private final Supplier<ClientConnection> connection;

	private final Supplier<? extends Collection<String>> quorumQueues;

	private final Duration timeToLive;

	private final Clock clock;

	private @Nullable ClusterView cached;

	private Instant expires = Instant.MIN;

	/**
	 * Create a reader.
	 * @param connectionFactory the application's connection factory, whose connection is looked up and whose
	 * virtual host holds the queues
	 * @param api the management API
	 * @param quorumQueues the names of the starter's quorum queues, asked for on every read from the API
	 * @param timeToLive how long an answer is reused; zero to read every time
	 */
	public ClusterReader(ConnectionFactory connectionFactory, ManagementApiClient api,
			Supplier<? extends Collection<String>> quorumQueues, Duration timeToLive) {
		this(api, () -> ClientConnection.of(connectionFactory), quorumQueues, timeToLive, Clock.systemUTC());
	}

	ClusterReader(ManagementApiClient api, Supplier<ClientConnection> connection,
			Supplier<? extends Collection<String>> quorumQueues, Duration timeToLive, Clock clock) {
		this.api = api;
		this.connection = connection;
		this.quorumQueues = quorumQueues;
		this.timeToLive = timeToLive;
		this.clock = clock;
	}

	/**
	 * The names of the quorum queues among declarations.
	 * @param declarables the declarations
	 * @return the names of the queues declared with {@code x-queue-type: quorum}
	 */
	public static List<String> quorumQueues(Declarables declarables) {
		return declarables.getDeclarablesByType(Queue.class)
			.stream()
			.filter((queue) -> "quorum".equals(queue.getArguments().get("x-queue-type")))
			.map(Queue::getName)
			.toList();
	}

	/**
	 * The view, from the API unless a recent enough one is kept. Never throws: what went wrong is in the view.
	 * @return the view
	 */
	public synchronized ClusterView read() {
		Instant now = this.clock.instant();
		if (this.cached == null || !now.isBefore(this.expires)) {
			this.cached = fetch();
			this.expires = now.plus(this.timeToLive);
		}
		return this.cached;
	}

	private ClusterView fetch() {
		List<CompletableFuture<?>> requests = List.of();
		try {
			ClientConnection client = this.connection.get();
			Collection<String> queueNames = this.quorumQueues.get();
			CompletableFuture<List<ListedNode>> nodes = this.api.nodes();
			CompletableFuture<List<ListedConnection>> connections = this.api.connectionsFrom(client.port());
			CompletableFuture<List<ListedQueue>> queues = queueNames.isEmpty()
					? CompletableFuture.completedFuture(List.of())
					: this.api.queues(client.virtualHost(), queueNames);
			requests = List.of(nodes, connections, queues);
			// The client's timeout bounds each request; this bounds reading the answers too.
			CompletableFuture.allOf(nodes, connections, queues)
				.get(this.api.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
			String node = ClusterView.nodeOf(connections.join(), client.port(), client.name());
			return ClusterView.of(nodes.join(), node, queues.join());
		}
		catch (ExecutionException ex) {
			return ClusterView.unavailable(String.valueOf(ex.getCause().getMessage()));
		}
		catch (TimeoutException ex) {
			return ClusterView.unavailable("the management API at " + this.api.url() + " did not answer within "
					+ this.api.timeout().toMillis() + " ms");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return ClusterView.unavailable("interrupted while reading the management API at " + this.api.url());
		}
		catch (RuntimeException ex) {
			return ClusterView.unavailable("could not read the management API at " + this.api.url() + ": " + ex);
		}
		finally {
			requests.forEach((request) -> request.cancel(true));
		}
	}

	/**
	 * What identifies the application's connection to the API: the local port, and the name it was given when it
	 * opened; and the virtual host it is in.
	 *
	 * @param port the local port of the connection
	 * @param name the {@code connection_name} client property, or {@code null} when it has none
	 * @param virtualHost the virtual host
	 */
	record ClientConnection(int port, @Nullable String name, String virtualHost) {

		static ClientConnection of(ConnectionFactory connectionFactory) {
			// The connection the application already has, opened again if it was lost.
			Connection connection = connectionFactory.createConnection();
			com.rabbitmq.client.Connection delegate = connection.getDelegate();
			return new ClientConnection(connection.getLocalPort(),
					(delegate != null) ? delegate.getClientProvidedName() : null, connectionFactory.getVirtualHost());
		}

	}

}
