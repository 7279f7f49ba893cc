package io.mmate.envelope;

/**
 * Which of the wire format's headers an encoded envelope also carries in its AMQP header table. The envelope's body
 * always carries all of them in its {@code headers}, which is what Mmate readers in every language go by.
 */
public enum HeaderTable {

	/**
	 * Every wire header in the AMQP header table too, as Mmate Go writes it: the type, id, kind, source and version,
	 * their plain aliases, the timestamp, and the correlation id, reply address, event and reply headers when they
	 * apply.
	 */
	FULL,

	/**
	 * Only {@code x-message-type} and {@code x-message-kind} in the AMQP header table, with an event's
	 * {@code x-aggregate-id} and the partition key header when it is another wire header (partitioned queues are
	 * hashed by it on the broker), beside the headers the application sets. The id, type, correlation id, reply
	 * address and timestamp also travel as AMQP properties. Go reads only the body and .NET the body and the AMQP
	 * properties, so both read these messages as they read full ones; the broker and both clients handle two or three
	 * headers per message rather than nine to twelve.
	 */
	MINIMAL

}
