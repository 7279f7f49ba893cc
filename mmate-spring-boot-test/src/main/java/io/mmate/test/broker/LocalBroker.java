package io.mmate.test.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;

/**
 * The local RabbitMQ broker that broker-backed tests use where no Docker engine answers: 127.0.0.1:5672,
 * {@code guest}/{@code guest}, virtual host {@code /}, as the project's own integration tests use it.
 */
public final class LocalBroker implements RabbitConnectionDetails {

	/** The broker's host. */
	public static final String HOST = "127.0.0.1";

	/** The broker's AMQP port. */
	public static final int PORT = 5672;

	/** How long the check that the broker answers waits for a TCP connection. */
	private static final int CONNECT_TIMEOUT_MILLIS = 1000;

	/** Why a test has no broker, and how to get one. */
	static final String NO_BROKER = "No RabbitMQ broker for this broker-backed test: no Docker engine answers for "
			+ "Testcontainers, and nothing answers on " + HOST + ":" + PORT + ". Either start Docker (Testcontainers "
			+ "then starts " + MmateRabbitMQContainer.DEFAULT_IMAGE + " with the plugins the starter uses), or start "
			+ "RabbitMQ 3.10 or later on " + HOST + ":" + PORT + " with the user guest/guest and the plugins "
			+ "rabbitmq_management and rabbitmq_consistent_hash_exchange (on Debian or Ubuntu: apt-get install "
			+ "rabbitmq-server, rabbitmq-plugins enable rabbitmq_management rabbitmq_consistent_hash_exchange; in this "
			+ "project: scripts/rabbitmq.sh up).";

	private LocalBroker() {
	}

	/**
	 * The connection to the local broker, checked to answer.
	 * @return the connection details
	 * @throws IllegalStateException if nothing answers on 127.0.0.1:5672, with a message that says how to get a
	 * broker
	 */
	public static LocalBroker connect() {
		return connect(new InetSocketAddress(HOST, PORT));
	}

	static LocalBroker connect(InetSocketAddress address) {
		if (!answers(address)) {
			throw new IllegalStateException(NO_BROKER);
		}
		return new LocalBroker();
	}

	/**
	 * Whether something accepts TCP connections on 127.0.0.1:5672.
	 * @return {@code true} if it does
	 */
	public static boolean answers() {
		return answers(new InetSocketAddress(HOST, PORT));
	}

	private static boolean answers(InetSocketAddress address) {
		try (Socket socket = new Socket()) {
			socket.connect(address, CONNECT_TIMEOUT_MILLIS);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public String getUsername() {
		return "guest";
	}

	@Override
	public String getPassword() {
		return "guest";
	}

	@Override
	public String getVirtualHost() {
		return "/";
	}

	@Override
	public List<Address> getAddresses() {
		return List.of(new Address(HOST, PORT));
	}

	@Override
	public String toString() {
		return "local RabbitMQ broker on " + HOST + ":" + PORT;
	}

}
