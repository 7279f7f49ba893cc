package io.mmate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that handles one message type. The first parameter's type selects the messages and binds the
 * service queue to them; an optional {@link MessageContext} parameter gives the delivery's metadata.
 *
 * <p>The delivery is acknowledged after the method returns. A returned {@link Reply} (for a query, or a command sent
 * with a reply address) is sent to the requester with the request's correlation id. An exception dead-letters the
 * message with the reason and, when a reply was asked for, sends an {@link ErrorReply}.
 *
 * <pre class="code">
 * &#64;MmateHandler
 * OrderReply on(GetOrderQuery query, MessageContext context) { ... }
 * </pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MmateHandler {

	/**
	 * Whether a message whose id this handler already handled successfully is acknowledged without calling it again,
	 * for example when a publisher sent it twice. {@code mmate.idempotency.enabled} turns this on for every handler.
	 * @return {@code true} to skip messages already handled
	 */
	boolean idempotent() default false;

	/**
	 * Whether every running instance receives every message of this type (cache invalidation, notifications),
	 * through an exclusive queue of its own, instead of the instances sharing them.
	 * @return {@code true} to broadcast
	 */
	boolean broadcast() default false;

	/**
	 * Whether messages of this type are handled in order per partition key: they go through a consistent-hash
	 * exchange to {@code mmate.partitions.count} partition queues, each with a single active consumer, keyed by the
	 * header {@code mmate.partitions.key-header} ({@code x-aggregate-id} by default, which every Mmate event carries).
	 * @return {@code true} to partition
	 */
	boolean partitioned() default false;

}
