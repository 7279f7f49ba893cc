package io.mmate.testsupport;

import java.io.IOException;
import java.io.File;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The local three-node RabbitMQ cluster that {@code scripts/rabbitmq.sh cluster up} starts, for tests of what
 * happens when a node fails: nodes {@code mmate-1@localhost} to {@code mmate-3@localhost} with AMQP on
 * {@code 127.0.0.1:5673} to {@code 5675} and the management HTTP API on {@code 127.0.0.1:15673} to {@code 15675}
 * (guest/guest).
 * <p>
 * Tests call {@link #assumeUp()} first, so that they are skipped, never failed, where no cluster runs (CI and most
 * development machines). Nodes are killed and started through the script; what the cluster reports (queue leaders,
 * connections, running nodes) is read with {@code rabbitmqctl}, which has to run as root or as the
 * {@code rabbitmq} user, like the script.
 */
public final class TestCluster {

	/** The number of nodes. */
	public static final int SIZE = 3;

	/** The message of a skipped test. */
	public static final String NOT_UP = "No local RabbitMQ cluster: 127.0.0.1:5673, 5674 and 5675 do not all answer "
			+ "(start one with 'scripts/rabbitmq.sh cluster up')";

	private static final String HOST = "127.0.0.1";

	private static final int FIRST_PORT = 5673;

	private static final int FIRST_MANAGEMENT_PORT = 15673;

	private static final Pattern NODE_NAME = Pattern.compile("mmate-(\\d+)@localhost");

	private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

	private static final Duration RABBITMQCTL_TIMEOUT = Duration.ofSeconds(60);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private TestCluster() {
	}

	/**
	 * Whether all nodes answer on their AMQP ports.
	 * @return {@code true} when the cluster is up
	 */
	public static boolean isUp() {
		return IntStream.rangeClosed(1, SIZE).allMatch(TestCluster::answers);
	}

	/**
	 * Skip the calling test (a JUnit assumption) unless the cluster is up.
	 */
	public static void assumeUp() {
		assumeTrue(isUp(), NOT_UP);
	}

	/**
	 * Whether a node answers on its AMQP port.
	 * @param node the node, from 1 to {@link #SIZE}
	 * @return {@code true} when it accepts connections
	 */
	public static boolean answers(int node) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(HOST, port(node)), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * The AMQP port of a node.
	 * @param node the node, from 1 to {@link #SIZE}
	 * @return its port
	 */
	public static int port(int node) {
		checkNode(node);
		return FIRST_PORT + node - 1;
	}

	/**
	 * The base URL of a node's management HTTP API.
	 * @param node the node, from 1 to {@link #SIZE}
	 * @return e.g. {@code http://127.0.0.1:15673}
	 */
	public static String managementUrl(int node) {
		checkNode(node);
		return "http://" + HOST + ":" + (FIRST_MANAGEMENT_PORT + node - 1);
	}

	/**
	 * The Erlang node name of a node, as {@code rabbitmqctl -n} takes it.
	 * @param node the node, from 1 to {@link #SIZE}
	 * @return e.g. {@code mmate-2@localhost}
	 */
	public static String nodeName(int node) {
		checkNode(node);
		return "mmate-" + node + "@localhost";
	}

	/**
	 * The value of {@code spring.rabbitmq.addresses} that lists every node.
	 * @return {@code 127.0.0.1:5673,127.0.0.1:5674,127.0.0.1:5675}
	 */
	public static String springAddresses() {
		return IntStream.rangeClosed(1, SIZE)
			.mapToObj((node) -> HOST + ":" + port(node))
			.collect(Collectors.joining(","));
	}

	/**
	 * Spring Boot properties that point {@code spring.rabbitmq.*} at all nodes, for context runners.
	 * @return {@code key=value} pairs
	 */
	public static String[] springProperties() {
		return new String[] { "spring.rabbitmq.addresses=" + springAddresses(), "spring.rabbitmq.username=guest",
				"spring.rabbitmq.password=guest" };
	}

	/**
	 * A new connection factory with the addresses of all nodes (tried in the order of its address shuffle mode),
	 * whose connections carry a name (the {@code connection_name} client property) that
	 * {@link #nodeOfConnection(String)} finds; the caller destroys it.
	 * @param connectionName the name of its connections
	 * @return the connection factory
	 */
	public static CachingConnectionFactory connectionFactory(String connectionName) {
		CachingConnectionFactory factory = new CachingConnectionFactory();
		factory.setAddresses(springAddresses());
		factory.setUsername("guest");
		factory.setPassword("guest");
		factory.setConnectionNameStrategy((connectionFactory) -> connectionName);
		return factory;
	}

	/**
	 * Kill a node's Erlang VM with SIGKILL, as a crash would, and wait until it is gone.
	 * @param node the node, from 1 to {@link #SIZE}
	 * @throws IllegalStateException if the script fails
	 */
	public static void killNode(int node) {
		checkNode(node);
		script("kill", Integer.toString(node));
	}

	/**
	 * Stop a node gracefully, as a rolling restart does, and wait until it is gone.
	 * @param node the node, from 1 to {@link #SIZE}
	 * @throws IllegalStateException if the script fails
	 */
	public static void stopNode(int node) {
		checkNode(node);
		script("stop", Integer.toString(node));
	}

	/**
	 * Start a killed or stopped node again and wait until it has rejoined the cluster.
	 * @param node the node, from 1 to {@link #SIZE}
	 * @throws IllegalStateException if the script fails
	 */
	public static void startNode(int node) {
		checkNode(node);
		script("start", Integer.toString(node));
	}

	/**
	 * The nodes that run RabbitMQ as members of the cluster, as the first node that answers sees them.
	 * @return the node numbers, in order
	 * @throws IllegalStateException if no node answers or {@code rabbitmqctl} fails
	 */
	public static List<Integer> runningNodes() {
		JsonNode status = rabbitmqctl(anyAnsweringNode(), "cluster_status");
		List<Integer> nodes = new ArrayList<>();
		for (JsonNode name : status.path("running_nodes")) {
			nodes.add(nodeNumber(name.asString()));
		}
		nodes.sort(null);
		return nodes;
	}

	/**
	 * The node that leads a quorum queue.
	 * @param queue the queue, in the default virtual host
	 * @return the node number
	 * @throws IllegalStateException if the queue is not listed or has no leader
	 */
	public static int nodeOfQueueLeader(String queue) {
		JsonNode queues = rabbitmqctl(anyAnsweringNode(), "list_queues", "name", "type", "leader");
		for (JsonNode listed : queues) {
			if (queue.equals(listed.path("name").asString())) {
				String leader = listed.path("leader").asString();
				if (!NODE_NAME.matcher(leader).matches()) {
					throw new IllegalStateException("Queue '" + queue + "' (" + listed.path("type").asString()
							+ ") has no leader on a node of the cluster: " + listed);
				}
				return nodeNumber(leader);
			}
		}
		throw new IllegalStateException("Queue '" + queue + "' is not listed by the cluster");
	}

	/**
	 * The node that holds the one open connection of the given name: the {@code connection_name} client property,
	 * which Spring AMQP sets from the connection factory's
	 * {@link org.springframework.amqp.rabbit.connection.ConnectionNameStrategy} (Spring Boot's
	 * {@code spring.rabbitmq.connection-name}).
	 * @param connectionName the client-provided connection name
	 * @return the node number
	 * @throws IllegalStateException if no connection or more than one has that name
	 */
	public static int nodeOfConnection(String connectionName) {
		// Listed from every node; the server port of a connection tells its node, as each listens on a port of its own.
		JsonNode connections = rabbitmqctl(anyAnsweringNode(), "list_connections", "port", "client_properties");
		List<Integer> nodes = new ArrayList<>();
		for (JsonNode connection : connections) {
			if (connectionName.equals(clientProperty(connection.path("client_properties"), "connection_name"))) {
				nodes.add(nodeOfPort(connection.path("port").asInt()));
			}
		}
		if (nodes.size() != 1) {
			throw new IllegalStateException("Expected one connection named '" + connectionName + "' but found "
					+ nodes.size() + (nodes.isEmpty() ? "" : " (on nodes " + nodes + ")"));
		}
		return nodes.get(0);
	}

	/**
	 * A client property as {@code rabbitmqctl} renders it in JSON: a list of {@code [name, type, value]} triples.
	 */
	private static String clientProperty(JsonNode properties, String name) {
		for (JsonNode property : properties) {
			if (property.isArray() && property.size() == 3 && name.equals(property.get(0).asString())) {
				return property.get(2).asString();
			}
		}
		return null;
	}

	private static int nodeOfPort(int port) {
		return IntStream.rangeClosed(1, SIZE)
			.filter((node) -> port(node) == port)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("Port " + port + " is not a node's AMQP port"));
	}

	private static int nodeNumber(String text) {
		Matcher matcher = NODE_NAME.matcher(text);
		if (!matcher.find()) {
			throw new IllegalStateException("Not a node of the local cluster: " + text);
		}
		return Integer.parseInt(matcher.group(1));
	}

	private static int anyAnsweringNode() {
		return IntStream.rangeClosed(1, SIZE)
			.filter(TestCluster::answers)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(NOT_UP));
	}

	private static void checkNode(int node) {
		if (node < 1 || node > SIZE) {
			throw new IllegalArgumentException("Nodes are numbered 1 to " + SIZE + ", not " + node);
		}
	}

	private static JsonNode rabbitmqctl(int node, String... arguments) {
		List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-n", nodeName(node), "-q"));
		command.addAll(List.of(arguments));
		command.addAll(List.of("--formatter", "json"));
		return JSON.readTree(run(command, RABBITMQCTL_TIMEOUT));
	}

	private static void script(String... arguments) {
		List<String> command = new ArrayList<>(List.of("bash", script().toString(), "cluster"));
		command.addAll(List.of(arguments));
		System.out.print(run(command, SCRIPT_TIMEOUT));
	}

	/**
	 * {@code scripts/rabbitmq.sh}, found from the working directory upwards (Maven runs a module's tests in the
	 * module's directory).
	 */
	private static Path script() {
		for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
			Path script = directory.resolve("scripts/rabbitmq.sh");
			if (Files.isRegularFile(script)) {
				return script;
			}
		}
		throw new IllegalStateException("scripts/rabbitmq.sh not found above " + Path.of("").toAbsolutePath());
	}

	/**
	 * Run a command to its end and return what it wrote to standard output. Its output goes through files rather
	 * than pipes: a node that the script starts in the background must not hold the test up by keeping a pipe open.
	 */
	private static String run(List<String> command, Duration timeout) {
		String described = "'" + String.join(" ", command) + "'";
		Path output = null;
		Path errors = null;
		try {
			output = Files.createTempFile("test-cluster", ".out");
			errors = Files.createTempFile("test-cluster", ".err");
			Process process = new ProcessBuilder(command).redirectInput(new File("/dev/null"))
				.redirectOutput(output.toFile())
				.redirectError(errors.toFile())
				.start();
			if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(described + " did not finish within " + timeout);
			}
			String written = Files.readString(output);
			if (process.exitValue() != 0) {
				throw new IllegalStateException(described + " failed with exit code " + process.exitValue() + ":\n"
						+ written + Files.readString(errors));
			}
			return written;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + described, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + described, ex);
		}
		finally {
			deleteQuietly(output);
			deleteQuietly(errors);
		}
	}

	private static void deleteQuietly(Path file) {
		if (file != null) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				// A temporary file left behind is harmless.
			}
		}
	}

}
