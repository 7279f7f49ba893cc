package io.mmate.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Meters of what deliveries go through: {@value #ACTIVE} (gauge), {@value #RETRIES} (counter, tag {@code stage}),
 * {@value #DEAD_LETTERS} (counter, tag {@code reason}), {@value #DEAD_LETTERS_REFUSED} (counter) and
 * {@value #REPLIES_REFUSED} (counter, tag {@code reason}). Every meter has {@code messaging.system=rabbitmq}; those of
 * a queue have its name in {@code messaging.destination.name}, and those of a message its type in
 * {@code mmate.message.type} (see {@link MeterTags}).
 */
public class MicrometerMessagingEvents implements MessagingEvents {

	/** The gauge of deliveries being handled. */
	public static final String ACTIVE = "mmate.messages.active";

	/** The counter of retries. */
	public static final String RETRIES = "mmate.messages.retries";

	/** The counter of dead letters. */
	public static final String DEAD_LETTERS = "mmate.deadletters";

	/** The counter of failed messages a full dead-letter queue refused. */
	public static final String DEAD_LETTERS_REFUSED = "mmate.deadletters.refused";

	/** The counter of replies not sent because of their address. */
	public static final String REPLIES_REFUSED = "mmate.replies.refused";

	private final MeterRegistry registry;

	private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

	/**
	 * Create the meters' source.
	 * @param registry where meters are registered
	 */
	public MicrometerMessagingEvents(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void handlingStarted(String queue) {
		inFlight(queue).incrementAndGet();
	}

	@Override
	public void handlingFinished(String queue) {
		inFlight(queue).decrementAndGet();
	}

	@Override
	public void retried(String queue, String type, RetryStage stage) {
		Counter.builder(RETRIES)
			.description("Retries of failed deliveries, in process or through the broker")
			.tags(MeterTags.SYSTEM, MeterTags.RABBITMQ, MeterTags.DESTINATION, queue, MeterTags.MESSAGE_TYPE, type,
					"stage", stage.name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.register(this.registry)
			.increment();
	}

	@Override
	public void deadLettered(String queue, String type, String reason) {
		Counter.builder(DEAD_LETTERS)
			.description("Messages moved to the dead-letter queue")
			.tags(MeterTags.SYSTEM, MeterTags.RABBITMQ, MeterTags.DESTINATION, queue, MeterTags.MESSAGE_TYPE, type,
					"reason", reason)
			.register(this.registry)
			.increment();
	}

	@Override
	public void deadLetterRefused(String queue, String type) {
		Counter.builder(DEAD_LETTERS_REFUSED)
			.description("Failed messages whose full dead-letter queue refused them; each waits to be handled again")
			.tags(MeterTags.SYSTEM, MeterTags.RABBITMQ, MeterTags.DESTINATION, queue, MeterTags.MESSAGE_TYPE, type)
			.register(this.registry)
			.increment();
	}

	@Override
	public void replyRefused(String reason) {
		Counter.builder(REPLIES_REFUSED)
			.description("Replies not sent because the request named an address replies may not go to")
			.tags(MeterTags.SYSTEM, MeterTags.RABBITMQ, "reason", reason)
			.register(this.registry)
			.increment();
	}

	private AtomicInteger inFlight(String queue) {
		return this.inFlight.computeIfAbsent(queue, (key) -> {
			AtomicInteger count = new AtomicInteger();
			Gauge.builder(ACTIVE, count, AtomicInteger::get)
				.description("Deliveries being handled")
				.tags(MeterTags.SYSTEM, MeterTags.RABBITMQ, MeterTags.DESTINATION, key)
				.register(this.registry);
			return count;
		});
	}

}
