package io.mmate.consume;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;

import com.rabbitmq.client.Channel;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.RabbitUtils;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;

/**
 * A direct container that can stop by closing its consumers' channels instead of cancelling the consumers.
 *
 * <p>Why: on a single-active-consumer quorum queue (RabbitMQ 3.10 and later) a cancel activates the next consumer at
 * once, while the messages the cancelled consumer still holds go back to the queue only when its channel closes, so
 * the next consumer gets them after later ones. When the channel closes without a cancel, the broker returns the
 * held messages first, in order, and only then activates the next consumer. Classic queues keep the order either way.
 */
final class HandoverListenerContainer extends DirectMessageListenerContainer {

	private volatile boolean closeChannels;

	HandoverListenerContainer(ConnectionFactory connectionFactory) {
		super(connectionFactory);
	}

	/**
	 * Stop by closing the consumers' channels. Call only when no handler is in progress and later deliveries are
	 * left unacknowledged: the broker then returns them to the queue in order.
	 */
	void stopByClosingChannels() {
		this.closeChannels = true;
		try {
			stop();
		}
		finally {
			this.closeChannels = false;
		}
	}

	@Override
	protected void shutdownAndWaitOrCallback(@Nullable Runnable callback) {
		if (!this.closeChannels) {
			super.shutdownAndWaitOrCallback(callback);
			return;
		}
		for (SimpleConsumer consumer : consumersNow()) {
			Channel channel = consumer.getChannel();
			RabbitUtils.setPhysicalCloseRequired(channel, true);
			RabbitUtils.closeChannel(channel);
		}
		// The channels are closed: the container's own cancel fails quietly, and there is nothing left to wait for
		// nor to force.
		long shutdownTimeout = getShutdownTimeout();
		boolean forceClose = isForceCloseChannel();
		setShutdownTimeout(0);
		setForceCloseChannel(false);
		try {
			super.shutdownAndWaitOrCallback(callback);
		}
		finally {
			setShutdownTimeout(shutdownTimeout);
			setForceCloseChannel(forceClose);
		}
	}

	private List<SimpleConsumer> consumersNow() {
		// The container guards its consumer list with a lock of its own; by now no consumer is being added but one
		// may be restarting, so copy again when the list changed under the copy.
		while (true) {
			try {
				return new ArrayList<>(this.consumers);
			}
			catch (ConcurrentModificationException ex) {
				Thread.onSpinWait();
			}
		}
	}

}
