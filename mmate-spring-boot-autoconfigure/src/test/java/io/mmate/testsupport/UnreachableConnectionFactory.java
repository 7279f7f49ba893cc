package io.mmate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;

/**
 * A RabbitMQ {@link ConnectionFactory} for tests that must run without a broker: every connection fails as it does
 * while the broker is down, so an application context starts the way it does during an outage. Use it for
 * auto-configuration condition tests, which are about beans, not messaging.
 *
 * <p>Its address is a local port that nothing listens on. {@link #springProperties()} points Spring Boot's own
 * connection settings there too, so that a context that ends up with Boot's connection factory cannot reach a broker
 * either.
 */
public final class UnreachableConnectionFactory implements ConnectionFactory {

	private static final String HOST = "127.0.0.1";

	private static final int CLOSED_PORT = closedPort();

	@Override
	public Connection createConnection() {
		throw new AmqpConnectException("No broker in this test",
				new ConnectException("Connection refused: " + HOST + ":" + CLOSED_PORT));
	}

	@Override
	public String getHost() {
		return HOST;
	}

	@Override
	public int getPort() {
		return CLOSED_PORT;
	}

	@Override
	public String getVirtualHost() {
		return "/";
	}

	@Override
	public String getUsername() {
		return "guest";
	}

	@Override
	public void addConnectionListener(ConnectionListener listener) {
		// No connection is ever created to tell a listener about.
	}

	@Override
	public boolean removeConnectionListener(ConnectionListener listener) {
		return false;
	}

	@Override
	public void clearConnectionListeners() {
	}

	/**
	 * Spring Boot properties that point {@code spring.rabbitmq.*} at the same closed port, for context runners.
	 * @return {@code key=value} pairs
	 */
	public static String[] springProperties() {
		return new String[] { "spring.rabbitmq.host=" + HOST, "spring.rabbitmq.port=" + CLOSED_PORT,
				"spring.rabbitmq.connection-timeout=100ms" };
	}

	private static int closedPort() {
		// A port the system just handed out and took back is one nothing else listens on.
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
