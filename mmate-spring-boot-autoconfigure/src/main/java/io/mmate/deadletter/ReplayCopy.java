package io.mmate.deadletter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.rabbitmq.client.AMQP;
import io.mmate.envelope.WireHeaders;
import io.mmate.failure.DeadLetterHeaders;

/**
 * The copy of a dead letter that goes back to its queue: the original body and properties without the headers that
 * count and explain its failures, so that its attempt count starts afresh.
 */
final class ReplayCopy {

	private static final String MMATE_PREFIX = "x-mmate-";

	/**
	 * The Mmate headers a copy keeps: where the message first came from. Every other one counts or explains failures
	 * (attempts, redeliveries, deliveries, failure times, reason, exception, stack trace, service), so dropping all but
	 * these also resets counters added later.
	 */
	private static final Set<String> KEPT_MMATE_HEADERS = Set.of(DeadLetterHeaders.ORIGINAL_EXCHANGE,
			DeadLetterHeaders.ORIGINAL_ROUTING_KEY, DeadLetterHeaders.ORIGINAL_QUEUE);

	/** Broker-side headers of earlier hops. */
	private static final Set<String> ROUTING_HEADERS = Set.of(WireHeaders.DELAY, "x-death");

	private static final int PERSISTENT = 2;

	private ReplayCopy() {
	}

	/**
	 * The properties of the copy. The original exchange, routing key and queue stay, so that a copy that fails again
	 * is dead-lettered with where it first came from rather than with the default exchange of the replay.
	 * @param deadLetter the properties of the dead letter
	 * @return the properties of the copy
	 */
	static AMQP.BasicProperties properties(AMQP.BasicProperties deadLetter) {
		Map<String, Object> headers = new LinkedHashMap<>();
		if (deadLetter.getHeaders() != null) {
			deadLetter.getHeaders().forEach((name, value) -> {
				if (!isFailureHeader(name)) {
					headers.put(name, value);
				}
			});
		}
		// Publisher returns are matched by message id, so the copy needs one even if the dead letter had none.
		String messageId = (deadLetter.getMessageId() != null) ? deadLetter.getMessageId()
				: UUID.randomUUID().toString();
		return deadLetter.builder().headers(headers).messageId(messageId).deliveryMode(PERSISTENT).build();
	}

	/**
	 * The queue the copy goes to.
	 * @param deadLetter the properties of the dead letter
	 * @param serviceQueue the service queue whose dead-letter queue holds it
	 * @return the queue named by {@link DeadLetterHeaders#ORIGINAL_QUEUE}, the service queue when it is absent
	 */
	static String targetQueue(AMQP.BasicProperties deadLetter, String serviceQueue) {
		Object original = (deadLetter.getHeaders() != null)
				? deadLetter.getHeaders().get(DeadLetterHeaders.ORIGINAL_QUEUE) : null;
		String queue = (original != null) ? original.toString() : "";
		return queue.isEmpty() ? serviceQueue : queue;
	}

	static boolean isFailureHeader(String name) {
		return (name.startsWith(MMATE_PREFIX) && !KEPT_MMATE_HEADERS.contains(name)) || ROUTING_HEADERS.contains(name);
	}

}
