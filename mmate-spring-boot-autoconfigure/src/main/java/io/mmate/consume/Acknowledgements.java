package io.mmate.consume;

import com.rabbitmq.client.Channel;
import io.mmate.retry.FailureHandler.Disposition;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.rabbit.connection.ChannelProxy;

/**
 * Settles deliveries with the broker: acknowledge, reject without requeue, or requeue. Nothing is sent when the broker
 * acknowledges by itself, nor on a closed channel, whose deliveries the broker has already returned to the queue.
 */
final class Acknowledgements {

	private static final Log logger = LogFactory.getLog(Acknowledgements.class);

	private final ListenerSettings settings;

	Acknowledgements(ListenerSettings settings) {
		this.settings = settings;
	}

	void ack(Channel channel, long deliveryTag) {
		settle(channel, deliveryTag, Kind.ACK);
	}

	void requeue(Channel channel, long deliveryTag) {
		settle(channel, deliveryTag, Kind.REQUEUE);
	}

	void settle(Channel channel, long deliveryTag, Disposition disposition) {
		settle(channel, deliveryTag, (disposition == Disposition.REJECTED) ? Kind.REJECT : Kind.ACK);
	}

	private void settle(Channel delivering, long deliveryTag, Kind kind) {
		if (this.settings.acknowledgeMode() != AcknowledgeMode.AFTER_HANDLER) {
			return;
		}
		// Settle on the channel itself rather than through the cache's proxy, one reflective call per message less.
		Channel channel = (delivering instanceof ChannelProxy proxy) ? proxy.getTargetChannel() : delivering;
		if (!channel.isOpen()) {
			// Acknowledging through a cached channel proxy would open a new channel that has never seen this tag.
			logger.info("The channel of a message on queue '" + this.settings.queue() + "' closed before it was "
					+ "acknowledged; the broker will deliver it again");
			return;
		}
		try {
			switch (kind) {
				case ACK -> channel.basicAck(deliveryTag, false);
				case REJECT -> channel.basicReject(deliveryTag, false);
				case REQUEUE -> channel.basicNack(deliveryTag, false, true);
			}
		}
		catch (Exception ex) {
			// The channel is gone, so the broker has returned the delivery to the queue itself: it comes again.
			logger.warn("Could not acknowledge a message on queue '" + this.settings.queue() + "'; the broker will "
					+ "deliver it again: " + ex.getMessage());
		}
	}

	private enum Kind {

		ACK, REJECT, REQUEUE

	}

}
