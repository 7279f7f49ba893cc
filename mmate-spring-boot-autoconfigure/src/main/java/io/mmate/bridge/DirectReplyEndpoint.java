package io.mmate.bridge;

import io.mmate.publish.DirectReplyChannel;

/**
 * The direct reply-to channel as the requester's reply endpoint: its address changes with every channel it opens.
 */
final class DirectReplyEndpoint implements ReplyEndpoint {

	private final DirectReplyChannel channel;

	DirectReplyEndpoint(DirectReplyChannel channel) {
		this.channel = channel;
	}

	@Override
	public String address() {
		return this.channel.address();
	}

	@Override
	public String currentAddress() {
		return this.channel.currentAddress();
	}

	@Override
	public void close() {
		this.channel.close();
	}

}
