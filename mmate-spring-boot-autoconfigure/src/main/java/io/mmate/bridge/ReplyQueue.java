package io.mmate.bridge;

import java.security.SecureRandom;
import java.util.function.Consumer;

import com.rabbitmq.client.Channel;
import io.mmate.connection.ReportingListenerContainer;
import io.mmate.topology.Exchanges;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.connection.RabbitUtils;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;

/**
 * The exclusive, auto-delete reply queue of this application instance, {@code bridge.reply.} and eight random
 * characters, and its consumer. It is created on first use and again on every new connection, since the broker
 * deletes an exclusive queue with the connection that owned it. Replies reach it through the default exchange, and
 * through {@code mmate.messages}, where it is bound under its own name: Mmate's Go request/reply server replies
 * there.
 */
final class ReplyQueue implements ReplyEndpoint, ConnectionListener {

	private static final Log logger = LogFactory.getLog(ReplyQueue.class);

	private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

	private final ConnectionFactory connectionFactory;

	private final String name;

	private final DirectMessageListenerContainer container;

	private volatile boolean started;

	ReplyQueue(ConnectionFactory connectionFactory, Consumer<Message> replies) {
		this.connectionFactory = connectionFactory;
		this.name = "bridge.reply." + randomSuffix();
		this.container = new ReportingListenerContainer(connectionFactory);
		this.container.setQueueNames(this.name);
		// A lost reply only fails its request by timeout, so replies need no acknowledgement round trip.
		this.container.setAcknowledgeMode(AcknowledgeMode.NONE);
		this.container.setMessageListener(replies::accept);
		this.container.setListenerId("mmate-" + this.name);
		this.container.afterPropertiesSet();
	}

	String name() {
		return this.name;
	}

	@Override
	public String address() {
		ensureStarted();
		return this.name;
	}

	@Override
	public String currentAddress() {
		return this.name;
	}

	synchronized void ensureStarted() {
		if (!this.started) {
			this.connectionFactory.addConnectionListener(this);
			// The listener reaches the publishing connection's factory too; an exclusive queue declared there would
			// belong to that connection, and the consumer could not use it.
			if (this.connectionFactory.getPublisherConnectionFactory() != null) {
				this.connectionFactory.getPublisherConnectionFactory().removeConnectionListener(this);
			}
			try (Connection connection = this.connectionFactory.createConnection()) {
				declare(connection);
			}
			this.container.start();
			this.started = true;
		}
	}

	@Override
	public void onCreate(Connection connection) {
		if (this.started) {
			try {
				declare(connection);
			}
			catch (RuntimeException ex) {
				logger.error("Could not re-create the reply queue '" + this.name + "': " + ex.getMessage(), ex);
			}
		}
	}

	private void declare(Connection connection) {
		Channel channel = connection.createChannel(false);
		try {
			channel.queueDeclare(this.name, false, true, true, null);
			// As every Mmate service declares it: the topology may not have been declared on this connection yet.
			channel.exchangeDeclare(Exchanges.MESSAGES, "topic", true, false, null);
			channel.queueBind(this.name, Exchanges.MESSAGES, this.name);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("Could not declare the reply queue '" + this.name + "'", ex);
		}
		finally {
			RabbitUtils.closeChannel(channel);
		}
	}

	@Override
	public synchronized void close() {
		this.connectionFactory.removeConnectionListener(this);
		this.container.stop();
		this.container.destroy();
		this.started = false;
	}

	private static String randomSuffix() {
		SecureRandom random = new SecureRandom();
		StringBuilder suffix = new StringBuilder(8);
		for (int i = 0; i < 8; i++) {
			suffix.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		return suffix.toString();
	}

}
