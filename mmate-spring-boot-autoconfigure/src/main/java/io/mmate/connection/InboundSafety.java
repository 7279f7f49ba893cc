package io.mmate.connection;

import com.rabbitmq.client.ConnectionFactory;

/**
 * Sets up a RabbitMQ client {@link ConnectionFactory} so that no message the broker accepts closes the connection
 * that receives it. Whatever the client cannot read kills its connection with every consumer on it, and the broker
 * delivers the message again on the next one, without end. Two kinds of message do that to an unprepared client:
 * <ul>
 * <li>a body larger than the client's inbound limit (64 MiB by default) but within the broker's
 * {@code max_message_size} (128 MiB by default): the limit is raised to the most any broker accepts;
 * <li>an AMQP header table nested thousands of levels deep, which the client reads recursively (a
 * {@link StackOverflowError}) and in time that grows with the square of the depth: on plain TCP connections each
 * content header frame is checked as it arrives, and a header table nested deeper than {@value #MAX_HEADER_DEPTH}
 * levels, or malformed, is replaced by one header, {@value #INVALID_HEADERS}, that says why.
 * </ul>
 */
public final class InboundSafety {

	/**
	 * The client's limit on inbound bodies: one more than 512 MiB, the most a RabbitMQ broker accepts whatever its
	 * {@code max_message_size}, because the client refuses a body of exactly its limit.
	 */
	public static final int MAX_INBOUND_BODY_SIZE = 512 * 1024 * 1024 + 1;

	/**
	 * How deep tables and arrays may nest within a message's header table; the header table itself is not counted.
	 */
	public static final int MAX_HEADER_DEPTH = 32;

	/**
	 * The one header that replaces a header table that was nested too deeply or malformed; its value says why.
	 */
	public static final String INVALID_HEADERS = "x-mmate-invalid-headers";

	private InboundSafety() {
	}

	/**
	 * Raise the client's inbound body limit and, for plain TCP connections with the client's blocking I/O, check the
	 * header table of every delivery before the client reads it. Connections over TLS (a socket factory is set), or
	 * with NIO or Netty, are not checked.
	 * @param connectionFactory the client's connection factory
	 */
	public static void apply(ConnectionFactory connectionFactory) {
		connectionFactory.setMaxInboundMessageBodySize(MAX_INBOUND_BODY_SIZE);
		if (connectionFactory.getSocketFactory() == null) {
			connectionFactory.setSocketFactory(new HeaderCheckingSocketFactory());
		}
	}

}
