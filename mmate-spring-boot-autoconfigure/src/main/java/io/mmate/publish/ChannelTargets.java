package io.mmate.publish;

import com.rabbitmq.client.Channel;

import org.springframework.amqp.rabbit.connection.ChannelProxy;

/**
 * The one place where the connection cache's channel proxy is looked through. Publishing, confirming and
 * acknowledging on the client's channel itself saves a reflective call per message; closing it there closes it for
 * real instead of returning it to the cache; and a lost channel stays lost instead of being quietly replaced by a new
 * one that is not in confirm mode.
 */
public final class ChannelTargets {

	private ChannelTargets() {
	}

	/**
	 * The client's channel behind a channel.
	 * @param channel a channel, possibly the cache's proxy
	 * @return the channel itself; {@code null} when the cache has let go of it because it closed
	 */
	public static Channel target(Channel channel) {
		return (channel instanceof ChannelProxy proxy) ? proxy.getTargetChannel() : channel;
	}

}
