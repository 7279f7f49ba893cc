package io.mmate.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Meters of what deliveries go through: {@code mmate.messages.in-flight} (gauge, tag {@code queue}),
 * {@code mmate.messages.retries} (counter, tags {@code queue}, {@code type}, {@code stage}),
 * {@code mmate.messages.dead-lettered} (counter, tags {@code queue}, {@code type}, {@code reason}),
 * {@code mmate.messages.dead-letter-refused} (counter, tags {@code queue}, {@code type}) and
 * {@code mmate.replies.refused} (counter, tag {@code reason}).
 */
public class MicrometerMessagingEvents implements MessagingEvents {

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
		Counter.builder("mmate.messages.retries")
			.description("Retries of failed deliveries, in process or through the broker")
			.tags("queue", queue, "type", type, "stage", stage.name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.register(this.registry)
			.increment();
	}

	@Override
	public void deadLettered(String queue, String type, String reason) {
		Counter.builder("mmate.messages.dead-lettered")
			.description("Messages moved to the dead-letter queue")
			.tags("queue", queue, "type", type, "reason", reason)
			.register(this.registry)
			.increment();
	}

	@Override
	public void deadLetterRefused(String queue, String type) {
		Counter.builder("mmate.messages.dead-letter-refused")
			.description("Failed messages whose full dead-letter queue refused them; each waits to be handled again")
			.tags("queue", queue, "type", type)
			.register(this.registry)
			.increment();
	}

	@Override
	public void replyRefused(String reason) {
		Counter.builder("mmate.replies.refused")
			.description("Replies not sent because the request named an address replies may not go to")
			.tag("reason", reason)
			.register(this.registry)
			.increment();
	}

	private AtomicInteger inFlight(String queue) {
		return this.inFlight.computeIfAbsent(queue, (key) -> {
			AtomicInteger count = new AtomicInteger();
			Gauge.builder("mmate.messages.in-flight", count, AtomicInteger::get)
				.description("Deliveries being handled")
				.tag("queue", key)
				.register(this.registry);
			return count;
		});
	}

}
