package io.mmate.bridge;

/**
 * Where the replies to a requester's requests arrive ({@code mmate.requests.reply-to}).
 */
public enum ReplyMode {

	/**
	 * On an exclusive, auto-delete reply queue per application instance, {@code bridge.reply.xxxxxxxx}, created
	 * again after a reconnect: the default, and what every Mmate responder can reply to, at any time.
	 */
	QUEUE,

	/**
	 * On RabbitMQ's direct reply-to ({@code amq.rabbitmq.reply-to}): no queue, the replies go straight to the channel
	 * the requests were sent on, and are lost if that channel closes first.
	 */
	DIRECT

}
