package io.mmate.topology;

/**
 * The RabbitMQ queue type of a service queue and its dead-letter queue.
 */
public enum QueueType {

	/** A classic queue: what Go declares, the default. */
	CLASSIC,

	/** A replicated quorum queue ({@code x-queue-type: quorum}). */
	QUORUM

}
