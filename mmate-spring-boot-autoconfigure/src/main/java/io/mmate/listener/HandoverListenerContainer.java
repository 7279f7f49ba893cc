package io.mmate.listener;

import java.util.Set;
import java.util.function.Supplier;

import com.rabbitmq.client.Channel;
import io.mmate.connection.ReportingListenerContainer;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.RabbitUtils;

/**
 * A direct container that can stop by closing its consumers' channels instead of cancelling the consumers.
 *
 * <p>Why: on a single-active-consumer quorum queue (RabbitMQ 3.10 and later) a cancel activates the next consumer at
 * once, while the messages the cancelled consumer still holds go back to the queue only when its channel closes, so
 * the next consumer gets them after later ones. When the channel closes without a cancel, the broker returns the
 * held messages first, in order, and only then activates the next consumer. Classic queues keep the order either way.
 */
final class HandoverListenerContainer extends ReportingListenerContainer {

	private final Supplier<Set<Channel>> deliveringChannels;

	private volatile boolean closeChannels;

	/**
	 * Create the container.
	 * @param connectionFactory the connection factory
	 * @param deliveringChannels the open channels that have delivered to the listener, which are closed on a
	 * handover; the listener knows them from its deliveries, so the container's own consumer state is not needed
	 */
	HandoverListenerContainer(ConnectionFactory connectionFactory, Supplier<Set<Channel>> deliveringChannels) {
		super(connectionFactory);
		this.deliveringChannels = deliveringChannels;
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

	// The container's extension point for subclasses, called once it has stopped restarting consumers.
	@Override
	protected void shutdownAndWaitOrCallback(@Nullable Runnable callback) {
		if (!this.closeChannels) {
			super.shutdownAndWaitOrCallback(callback);
			return;
		}
		// A consumer whose channel never delivered holds nothing, so cancelling it, as the container does next, cannot
		// reorder anything.
		this.deliveringChannels.get().forEach(RabbitUtils::closeChannel);
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

}
