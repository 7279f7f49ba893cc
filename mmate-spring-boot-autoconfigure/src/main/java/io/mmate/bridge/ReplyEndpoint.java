package io.mmate.bridge;

/**
 * Where the replies to this instance's requests arrive: the reply queue, or the direct reply-to channel.
 */
interface ReplyEndpoint extends AutoCloseable {

	/**
	 * The address a request sent now names for its reply, making the endpoint ready to receive it.
	 * @return a queue name, or a direct reply-to address
	 */
	String address();

	/**
	 * The address replies arrive at now, without preparing anything.
	 * @return the address, or {@code null} when the endpoint has none yet
	 */
	String currentAddress();

	@Override
	void close();

}
