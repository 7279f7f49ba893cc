package io.mmate.listener;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.rabbitmq.client.Channel;
import io.mmate.publish.ChannelTargets;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

/**
 * Lets deliveries through to the listener until the container stops; then lets the handlers in progress finish and
 * leaves every later delivery unacknowledged, so that closing the channel returns it to the queue where it was.
 */
final class HandoverGate implements ChannelAwareMessageListener {

	private final ChannelAwareMessageListener listener;

	private final InFlight handling = new InFlight();

	private final Set<Channel> withheld = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	HandoverGate(ChannelAwareMessageListener listener) {
		this.listener = listener;
	}

	@Override
	public void onMessage(Message message, Channel channel) throws Exception {
		// Counted before the gate is checked, so that close() either waits for this delivery or this delivery sees
		// the gate closed.
		this.handling.enter();
		try {
			if (!this.closed) {
				this.listener.onMessage(message, channel);
			}
			else if (ChannelTargets.target(channel) != null) {
				this.withheld.add(ChannelTargets.target(channel));
			}
		}
		finally {
			this.handling.leave();
		}
	}

	/**
	 * Close the gate and wait until no handler is in progress.
	 * @param timeout how long to wait for handlers in progress
	 * @return whether the handlers finished in time
	 * @throws InterruptedException when interrupted while waiting
	 */
	boolean close(Duration timeout) throws InterruptedException {
		this.closed = true;
		return this.handling.awaitNone(timeout);
	}

	void open() {
		this.closed = false;
		this.withheld.clear();
	}

	/**
	 * The channels of the deliveries left unacknowledged since the gate closed.
	 * @return the channels themselves, not the cache's proxies
	 */
	Set<Channel> withheldChannels() {
		return Set.copyOf(this.withheld);
	}

}
