package io.mmate.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.rabbitmq.RabbitMQContainer;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * The RabbitMQ broker of the integration tests: a local broker on 127.0.0.1:5672 (guest/guest) when one answers,
 * otherwise a Testcontainers broker when Docker is available, otherwise a failure that says how to get either.
 */
public final class TestBroker {

	/** The message of a run that has neither broker. */
	public static final String NO_BROKER = "No RabbitMQ broker for the integration tests: nothing answers on "
			+ "127.0.0.1:5672 (start one with 'scripts/rabbitmq.sh up') and Docker is not available for "
			+ "Testcontainers.";

	/** The image used when Docker provides the broker. */
	public static final String IMAGE = "rabbitmq:3.13-management";

	private static final String LOCAL_HOST = "127.0.0.1";

	private static final int LOCAL_PORT = 5672;

	private static final int LOCAL_MANAGEMENT_PORT = 15672;

	private static RabbitMQContainer container;

	private TestBroker() {
	}

	/**
	 * Whether a broker answers on 127.0.0.1:5672.
	 * @return {@code true} when the local broker is used
	 */
	public static boolean localBrokerAnswers() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(LOCAL_HOST, LOCAL_PORT), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Whether Docker can start a broker.
	 * @return {@code true} when Testcontainers can run
	 */
	public static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * The AMQP host.
	 * @return the host
	 */
	public static String host() {
		return localBrokerAnswers() ? LOCAL_HOST : container().getHost();
	}

	/**
	 * The AMQP port.
	 * @return the port
	 */
	public static int port() {
		return localBrokerAnswers() ? LOCAL_PORT : container().getAmqpPort();
	}

	/**
	 * The base URL of the broker's management HTTP API: port 15672 of the local broker, where
	 * {@code scripts/rabbitmq.sh up} enables it, or the container's.
	 * @return the URL
	 */
	public static String managementUrl() {
		return localBrokerAnswers() ? "http://" + LOCAL_HOST + ":" + LOCAL_MANAGEMENT_PORT : container().getHttpUrl();
	}

	/**
	 * Spring Boot properties that point {@code spring.rabbitmq.*} at the broker, for context runners.
	 * @return {@code key=value} pairs
	 */
	public static String[] springProperties() {
		return new String[] { "spring.rabbitmq.host=" + host(), "spring.rabbitmq.port=" + port(),
				"spring.rabbitmq.username=guest", "spring.rabbitmq.password=guest" };
	}

	/**
	 * A new connection factory for the broker; the caller destroys it.
	 * @return the connection factory
	 */
	public static CachingConnectionFactory connectionFactory() {
		CachingConnectionFactory factory = new CachingConnectionFactory(host(), port());
		factory.setUsername("guest");
		factory.setPassword("guest");
		return factory;
	}

	/**
	 * A new container for {@code @ServiceConnection}, used when no local broker answers.
	 * @return the container, not yet started
	 * @throws IllegalStateException if Docker is not available either
	 */
	public static RabbitMQContainer newContainer() {
		if (!dockerAvailable()) {
			throw new IllegalStateException(NO_BROKER);
		}
		return new RabbitMQContainer(IMAGE);
	}

	/**
	 * Whether the tests can control the local broker with {@code rabbitmqctl} (stop it, block it).
	 * @return {@code true} when a local broker answers and {@code rabbitmqctl status} succeeds
	 */
	public static boolean controllable() {
		return localBrokerAnswers() && rabbitmqctl("status");
	}

	/**
	 * Run {@code rabbitmqctl} against the local broker.
	 * @param arguments its arguments
	 * @return whether it succeeded within two minutes
	 */
	public static boolean rabbitmqctl(String... arguments) {
		List<String> command = new ArrayList<>(List.of("rabbitmqctl"));
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getInputStream().transferTo(OutputStream.nullOutputStream());
			return process.waitFor(120, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * The number of unacknowledged messages of a queue on the local broker, read with {@code rabbitmqctl}.
	 * @param queue the queue
	 * @return the count, or -1 when the queue is not listed
	 */
	public static int unacknowledged(String queue) {
		try {
			Process process = new ProcessBuilder("rabbitmqctl", "-q", "list_queues", "name", "messages_unacknowledged")
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			process.waitFor(120, TimeUnit.SECONDS);
			for (String line : output.split("\\R")) {
				String[] columns = line.trim().split("\\s+");
				if (columns.length == 2 && columns[0].equals(queue)) {
					return Integer.parseInt(columns[1]);
				}
			}
			return -1;
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private static synchronized RabbitMQContainer container() {
		if (container == null) {
			RabbitMQContainer created = newContainer();
			created.start();
			container = created;
		}
		return container;
	}

}
