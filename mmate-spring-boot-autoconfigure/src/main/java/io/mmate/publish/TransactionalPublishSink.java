package io.mmate.publish;

/**
 * A {@link PublishSink} that takes the publishes made inside a Spring-managed transaction it can join, such as the
 * transactional outbox: the publisher sends to it instead of holding the publish back until the commit.
 */
public interface TransactionalPublishSink extends PublishSink {

	/**
	 * Whether a publish on this thread, now, goes to this sink: a transaction that this sink writes in is active.
	 * @return {@code true} when this sink takes the publish
	 */
	boolean joinsCurrentTransaction();

}
