package io.mmate.health;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of the RabbitMQ management HTTP API (the {@code rabbitmq_management} plugin), for what AMQP does not tell
 * a client: the cluster's nodes, the node a connection is on, and the leader and members of quorum queues. Each call
 * is one request, filtered and narrowed to the fields it needs by the broker, and completes exceptionally, with a
 * message that names the request, when the API cannot be reached, refuses the credentials or does not answer within
 * the timeout.
 */
public class ManagementApiClient {

	// The largest page the API serves.
	private static final int PAGE_SIZE = 500;

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final URI url;

	private final String username;

	private final String authorization;

	private final Duration timeout;

	private final HttpClient http;

	/**
	 * Create a client.
	 * @param url the base URL of the API, such as {@code http://127.0.0.1:15672}
	 * @param username the user, which needs the {@code monitoring} tag to list the nodes
	 * @param password its password
	 * @param timeout how long to wait for a connection and for each answer
	 */
	public ManagementApiClient(URI url, String username, String password, Duration timeout) {
		this.url = url.toString().endsWith("/") ? url : URI.create(url + "/");
		this.username = username;
		this.authorization = "Basic " + Base64.getEncoder()
			.encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
		this.timeout = timeout;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(timeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * @return the base URL of the API
	 */
	public URI url() {
		return this.url;
	}

	/**
	 * @return the user the client logs in as
	 */
	public String username() {
		return this.username;
	}

	/**
	 * @return how long a request may take
	 */
	public Duration timeout() {
		return this.timeout;
	}

	/**
	 * The nodes of the cluster, running or not.
	 * @return the nodes
	 */
	CompletableFuture<List<ListedNode>> nodes() {
		return get("api/nodes?columns=name,running").thenApply(ManagementApiClient::nodes);
	}

	/**
	 * The connections whose client port is the given one, from any client host.
	 * @param clientPort the local port of a client's connection
	 * @return the connections
	 */
	CompletableFuture<List<ListedConnection>> connectionsFrom(int clientPort) {
		// A connection's name is "{client host}:{client port} -> {broker host}:{broker port}".
		return get("api/connections?" + page("name,node,peer_port,client_properties", ":" + clientPort + " -> "))
			.thenApply(ManagementApiClient::connections);
	}

	/**
	 * The queues of a virtual host that have one of the given names.
	 * @param virtualHost the virtual host
	 * @param names the queue names
	 * @return the queues that exist
	 */
	CompletableFuture<List<ListedQueue>> queues(String virtualHost, Collection<String> names) {
		String exactly = names.stream().map(ManagementApiClient::literal).collect(Collectors.joining("|", "^(", ")$"));
		return get("api/queues/" + encode(virtualHost) + "?" + page("name,type,leader,members,online", exactly))
			.thenApply(ManagementApiClient::queues);
	}

	static List<ListedNode> nodes(String json) {
		return JSON.readValue(json, new TypeReference<List<ListedNode>>() {
		});
	}

	static List<ListedConnection> connections(String json) {
		return JSON.readValue(json, new TypeReference<Page<ListedConnection>>() {
		}).items();
	}

	static List<ListedQueue> queues(String json) {
		return JSON.readValue(json, new TypeReference<Page<ListedQueue>>() {
		}).items();
	}

	private CompletableFuture<String> get(String pathAndQuery) {
		URI uri = this.url.resolve(pathAndQuery);
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(this.timeout)
			.header("Authorization", this.authorization)
			.header("Accept", "application/json")
			.GET()
			.build();
		String described = "GET " + uri.getRawPath();
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
			.handle((response, failure) -> {
				if (failure != null) {
					Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
							? failure.getCause() : failure;
					throw new IllegalStateException(described + " of " + this.url + " failed: " + cause, cause);
				}
				if (response.statusCode() != 200) {
					throw new IllegalStateException(described + " of " + this.url + " answered "
							+ response.statusCode() + reason(response.body()));
				}
				return response.body();
			});
	}

	private static String page(String columns, String nameRegex) {
		return "columns=" + encode(columns) + "&page=1&page_size=" + PAGE_SIZE + "&use_regex=true&name="
				+ encode(nameRegex);
	}

	/**
	 * A regular expression that matches the text exactly: every ASCII character but letters and digits is escaped,
	 * which the broker's regular expressions (PCRE) take literally.
	 */
	static String literal(String text) {
		StringBuilder escaped = new StringBuilder(text.length() * 2);
		text.chars().forEach((c) -> {
			if (c < 128 && !Character.isLetterOrDigit(c)) {
				escaped.append('\\');
			}
			escaped.append((char) c);
		});
		return escaped.toString();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static String reason(@Nullable String body) {
		try {
			JsonNode error = JSON.readTree((body != null) ? body : "");
			return error.hasNonNull("reason") ? ": " + error.get("reason").asString() : "";
		}
		catch (JacksonException ex) {
			return "";
		}
	}

	/**
	 * A page of a list; only the first is asked for.
	 */
	record Page<T>(List<T> items) {
	}

	/**
	 * A node of the cluster.
	 */
	record ListedNode(String name, boolean running) {
	}

	/**
	 * A client connection and the node it is on.
	 */
	record ListedConnection(String node, @JsonProperty("peer_port") int clientPort,
			@JsonProperty("client_properties") @Nullable ClientProperties clientProperties) {

		@Nullable String connectionName() {
			return (this.clientProperties != null) ? this.clientProperties.connectionName() : null;
		}

	}

	/**
	 * What a client says about itself when it connects.
	 */
	record ClientProperties(@JsonProperty("connection_name") @Nullable String connectionName) {
	}

	/**
	 * A queue with its leader and members (quorum queues only). A class rather than a record because RabbitMQ 3.10
	 * may list {@code online} twice in one queue, one of the copies lagging behind a change: every copy is kept.
	 */
	static final class ListedQueue {

		private String name = "";

		private @Nullable String type;

		private @Nullable String leader;

		private List<String> members = List.of();

		private final Set<String> online = new LinkedHashSet<>();

		String name() {
			return this.name;
		}

		@Nullable String type() {
			return this.type;
		}

		@Nullable String leader() {
			return this.leader;
		}

		List<String> members() {
			return this.members;
		}

		/**
		 * @return every member that a copy of {@code online} lists
		 */
		Set<String> online() {
			return this.online;
		}

		@JsonProperty("name")
		void setName(String name) {
			this.name = name;
		}

		@JsonProperty("type")
		void setType(@Nullable String type) {
			this.type = type;
		}

		@JsonProperty("leader")
		void setLeader(@Nullable String leader) {
			this.leader = leader;
		}

		@JsonProperty("members")
		void setMembers(@Nullable List<String> members) {
			this.members = (members != null) ? List.copyOf(members) : List.of();
		}

		@JsonProperty("online")
		void addOnline(@Nullable List<String> online) {
			if (online != null) {
				this.online.addAll(online);
			}
		}

	}

}
