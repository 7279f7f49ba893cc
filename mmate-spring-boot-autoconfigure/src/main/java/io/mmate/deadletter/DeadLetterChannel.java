package io.mmate.deadletter;

import java.io.IOException;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import io.mmate.topology.RoutingKeys;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.RabbitUtils;
import org.springframework.amqp.rabbit.support.RabbitExceptionTranslator;

/**
 * A channel of its own on the dead-letter queue of one service queue, for the length of one operation. Messages are
 * fetched with manual acknowledgement; whatever is not acknowledged when it closes goes back to the queue, so an
 * operation that fails half-way loses nothing.
 */
final class DeadLetterChannel implements AutoCloseable {

	private static final String SERVICE_QUEUE_SUFFIX = "-queue";

	private final Channel channel;

	private final String queue;

	private final String deadLetterQueue;

	private final long readyAtOpen;

	private boolean unsettled;

	private DeadLetterChannel(Channel channel, String queue, String deadLetterQueue, long readyAtOpen) {
		this.channel = channel;
		this.queue = queue;
		this.deadLetterQueue = deadLetterQueue;
		this.readyAtOpen = readyAtOpen;
	}

	/**
	 * Open a channel on the dead-letter queue of a service queue.
	 * @param connectionFactory the connection factory
	 * @param queue the service queue, {@code {service}-queue}
	 * @return the open channel
	 * @throws DeadLetterRequestException if the queue is not a service queue or has no dead-letter queue
	 */
	static DeadLetterChannel open(ConnectionFactory connectionFactory, String queue) {
		if (queue == null || !queue.endsWith(SERVICE_QUEUE_SUFFIX) || queue.startsWith(RoutingKeys.deadLetter(""))) {
			throw new DeadLetterRequestException("'" + queue + "' is not a service queue: expected a name like "
					+ "'{service}-queue', such as 'order-service-queue'");
		}
		String deadLetterQueue = RoutingKeys.deadLetter(queue);
		Channel channel = connectionFactory.createConnection().createChannel(false);
		try {
			long ready = channel.queueDeclarePassive(deadLetterQueue).getMessageCount();
			return new DeadLetterChannel(channel, queue, deadLetterQueue, ready);
		}
		catch (IOException ex) {
			closePhysically(channel);
			if (ex.getCause() instanceof ShutdownSignalException signal
					&& RabbitUtils.isPassiveDeclarationChannelClose(signal)) {
				throw new DeadLetterRequestException("'" + queue + "' is not a service queue with a dead-letter "
						+ "queue: there is no queue '" + deadLetterQueue + "' on the broker");
			}
			throw RabbitExceptionTranslator.convertRabbitAccessException(ex);
		}
		catch (RuntimeException ex) {
			closePhysically(channel);
			throw ex;
		}
	}

	String queue() {
		return this.queue;
	}

	String deadLetterQueue() {
		return this.deadLetterQueue;
	}

	/**
	 * How many messages were ready in the dead-letter queue when the channel opened.
	 * @return the count
	 */
	long readyAtOpen() {
		return this.readyAtOpen;
	}

	/**
	 * Fetch the next message without acknowledging it.
	 * @return the message, {@code null} when no more are ready
	 */
	GetResponse next() {
		try {
			GetResponse response = this.channel.basicGet(this.deadLetterQueue, false);
			this.unsettled |= (response != null);
			return response;
		}
		catch (IOException ex) {
			throw RabbitExceptionTranslator.convertRabbitAccessException(ex);
		}
	}

	/**
	 * Remove a fetched message from the dead-letter queue.
	 * @param response the message
	 */
	void remove(GetResponse response) {
		try {
			this.channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
		}
		catch (IOException ex) {
			throw RabbitExceptionTranslator.convertRabbitAccessException(ex);
		}
	}

	/**
	 * Delete every ready message of the dead-letter queue.
	 * @return how many were deleted
	 */
	long purge() {
		try {
			return this.channel.queuePurge(this.deadLetterQueue).getMessageCount();
		}
		catch (IOException ex) {
			throw RabbitExceptionTranslator.convertRabbitAccessException(ex);
		}
	}

	/**
	 * Put every fetched message that was not removed back on the dead-letter queue, then close the channel.
	 */
	@Override
	public void close() {
		try {
			if (this.unsettled && this.channel.isOpen()) {
				// Delivery tag 0 with 'multiple' settles everything outstanding in one frame. An explicit requeue
				// rather than a close with messages outstanding: quorum queues (RabbitMQ 4.3+) do not count it as a
				// failed delivery against their delivery limit.
				this.channel.basicNack(0, true, true);
			}
		}
		catch (IOException ex) {
			// Closing the channel below requeues them all the same.
		}
		finally {
			closePhysically(this.channel);
		}
	}

	private static void closePhysically(Channel channel) {
		// A cached channel would only go back to the cache and keep its unacknowledged messages.
		RabbitUtils.setPhysicalCloseRequired(channel, true);
		try {
			RabbitUtils.closeChannel(channel);
		}
		finally {
			RabbitUtils.clearPhysicalCloseRequired();
		}
	}

}
