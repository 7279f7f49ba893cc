package io.mmate.listener;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.Channel;
import io.mmate.publish.ChannelTargets;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;


/**
 * Settles deliveries with the broker: acknowledge, reject without requeue, or requeue. Nothing is sent when the broker
 * acknowledges by itself, nor on a closed channel, whose deliveries the broker has already returned to the queue.
 *
 * <p>Acknowledgements of handled messages are gathered per channel into one multiple acknowledgement of up to
 * {@link ListenerSettings#effectiveMessagesPerAck()} messages, which saves the broker work per message; what is
 * gathered is sent at the latest {@value #FLUSH_DELAY_MILLIS} ms later, before any other settlement on the channel,
 * and on {@link #flush()}. A multiple acknowledgement covers every earlier delivery on its channel, so gathering
 * pauses while a delivery is {@linkplain #hold held} for a later acknowledgement.
 */
final class Acknowledgements {

	static final long FLUSH_DELAY_MILLIS = 10;

	private static final Log logger = LogFactory.getLog(Acknowledgements.class);

	private static final Executor FLUSH_LATER = CompletableFuture.delayedExecutor(FLUSH_DELAY_MILLIS,
			TimeUnit.MILLISECONDS);

	private final ListenerSettings settings;

	private final int messagesPerAck;

	private final Map<Channel, ChannelAcks> channels = new ConcurrentHashMap<>();

	Acknowledgements(ListenerSettings settings) {
		this.settings = settings;
		this.messagesPerAck = settings.effectiveMessagesPerAck();
	}

	/**
	 * Acknowledge a handled delivery, possibly together with later ones.
	 * @param channel the delivery's channel
	 * @param deliveryTag the delivery tag
	 */
	void ack(Channel channel, long deliveryTag) {
		ChannelAcks acks = acks(channel);
		if (acks != null) {
			acks.ack(deliveryTag);
		}
	}

	/**
	 * Keep a delivery unacknowledged until {@link #release}, while later deliveries on the channel are settled.
	 * @param channel the delivery's channel
	 */
	void hold(Channel channel) {
		ChannelAcks acks = acks(channel);
		if (acks != null) {
			acks.hold();
		}
	}

	/**
	 * Acknowledge a held delivery.
	 * @param channel the delivery's channel
	 * @param deliveryTag the delivery tag
	 */
	void release(Channel channel, long deliveryTag) {
		ChannelAcks acks = acks(channel);
		if (acks != null) {
			acks.release(deliveryTag);
		}
	}

	/**
	 * Return a delivery to its queue.
	 * @param channel the delivery's channel
	 * @param deliveryTag the delivery tag
	 */
	void requeue(Channel channel, long deliveryTag) {
		settleAlone(channel, deliveryTag, Kind.REQUEUE);
	}

	/**
	 * Reject a delivery without requeueing it.
	 * @param channel the delivery's channel
	 * @param deliveryTag the delivery tag
	 */
	void reject(Channel channel, long deliveryTag) {
		settleAlone(channel, deliveryTag, Kind.REJECT);
	}

	/**
	 * Acknowledge a failed delivery whose copy the broker has confirmed, on its own.
	 * @param channel the delivery's channel
	 * @param deliveryTag the delivery tag
	 */
	void ackAlone(Channel channel, long deliveryTag) {
		settleAlone(channel, deliveryTag, Kind.ACK);
	}

	/**
	 * The open channels that have delivered messages: those that may hold unacknowledged deliveries.
	 * @return the channels themselves, not the cache's proxies
	 */
	Set<Channel> channels() {
		return Set.copyOf(this.channels.keySet());
	}

	/**
	 * Send every gathered acknowledgement now.
	 */
	void flush() {
		this.channels.values().forEach(ChannelAcks::flush);
	}

	private void settleAlone(Channel channel, long deliveryTag, Kind kind) {
		ChannelAcks acks = acks(channel);
		if (acks != null) {
			acks.settleAlone(deliveryTag, kind);
		}
	}

	private ChannelAcks acks(Channel delivering) {
		if (this.settings.acknowledgeMode() != AcknowledgeMode.AFTER_HANDLER) {
			return null;
		}
		Channel channel = ChannelTargets.target(delivering);
		if (channel == null) {
			// The cache has let go of a closed channel: the broker has returned its deliveries to the queue.
			logger.info("The channel of a message on queue '" + this.settings.queue() + "' closed before it was "
					+ "settled; the broker will deliver it again");
			return null;
		}
		ChannelAcks acks = this.channels.get(channel);
		if (acks == null) {
			ChannelAcks created = new ChannelAcks(channel);
			acks = this.channels.putIfAbsent(channel, created);
			if (acks == null) {
				acks = created;
				// Outside the map's update: a channel that closed meanwhile runs the listener at once.
				channel.addShutdownListener((cause) -> this.channels.remove(channel));
			}
		}
		return acks;
	}

	/**
	 * The acknowledgements of one channel. Guarded by itself: the consumer, the confirm of a reply and the delayed
	 * flush all settle on it.
	 */
	private final class ChannelAcks {

		private final Channel channel;

		private long gatheredTag = -1;

		private int gathered;

		private int held;

		ChannelAcks(Channel channel) {
			this.channel = channel;
		}

		synchronized void ack(long deliveryTag) {
			if (this.held > 0 || Acknowledgements.this.messagesPerAck == 1) {
				send(deliveryTag, Kind.ACK, false);
				return;
			}
			this.gatheredTag = deliveryTag;
			if (++this.gathered >= Acknowledgements.this.messagesPerAck) {
				flush();
			}
			else if (this.gathered == 1) {
				FLUSH_LATER.execute(this::flush);
			}
		}

		synchronized void hold() {
			flush();
			this.held++;
		}

		synchronized void release(long deliveryTag) {
			this.held--;
			send(deliveryTag, Kind.ACK, false);
		}

		synchronized void settleAlone(long deliveryTag, Kind kind) {
			flush();
			send(deliveryTag, kind, false);
		}

		synchronized void flush() {
			if (this.gathered > 0) {
				send(this.gatheredTag, Kind.ACK, this.gathered > 1);
				this.gathered = 0;
			}
		}

		private void send(long deliveryTag, Kind kind, boolean multiple) {
			if (!this.channel.isOpen()) {
				logger.info("The channel of a message on queue '" + Acknowledgements.this.settings.queue()
						+ "' closed before it was acknowledged; the broker will deliver it again");
				return;
			}
			try {
				switch (kind) {
					case ACK -> this.channel.basicAck(deliveryTag, multiple);
					case REJECT -> this.channel.basicReject(deliveryTag, false);
					case REQUEUE -> this.channel.basicNack(deliveryTag, false, true);
				}
			}
			catch (Exception ex) {
				// The channel is gone, so the broker has returned the delivery to the queue itself: it comes again.
				logger.warn("Could not acknowledge a message on queue '" + Acknowledgements.this.settings.queue()
						+ "'; the broker will deliver it again: " + ex.getMessage());
			}
		}

	}

	private enum Kind {

		ACK, REJECT, REQUEUE

	}

}
