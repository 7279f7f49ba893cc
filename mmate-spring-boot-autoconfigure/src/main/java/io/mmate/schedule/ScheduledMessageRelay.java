package io.mmate.schedule;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.mmate.DeadLetterReason;
import io.mmate.PublishReceipt;
import io.mmate.UnroutableMessageException;
import io.mmate.delay.DelayMechanismSelector;
import io.mmate.envelope.BoundedText;
import io.mmate.envelope.EnvelopeProperties;
import io.mmate.envelope.ShortStrings;
import io.mmate.envelope.WireHeaders;
import io.mmate.failure.DeadLetterHeaders;
import io.mmate.failure.Failure;
import io.mmate.failure.FailurePublisher;
import io.mmate.publish.PublisherChannel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.core.MessageProperties;

/**
 * Consumes the {@link SchedulingTopology#RELAY_QUEUE relay queue}, where scheduled messages arrive when due, and
 * publishes each, confirmed, to the exchange and routing key in its {@link ScheduledHeaders}, with its body and
 * properties unchanged but for the control headers. Instances compete for the queue; the delivery is acknowledged
 * only once the copy is confirmed, so a crash repeats a relay but never loses one.
 *
 * <p>A message that still has time to wait goes on another delay hop; one that cannot be routed when due, or that
 * has no destination or one that no message can have (a name longer than an AMQP short string), is dead-lettered to
 * {@code dlq.mmate.delay.scheduled} with the reason. Any other failure rejects the delivery back to the queue.
 *
 * <p>Relaying is not publishing anew: publish interceptors and the publish observation saw the message once, when it
 * was scheduled, and the delivered copy keeps the trace context it got then.
 */
public class ScheduledMessageRelay implements MessageListener {

	private static final Log logger = LogFactory.getLog(ScheduledMessageRelay.class);

	private static final Set<String> CONTROL = Set.of(ScheduledHeaders.EXCHANGE, ScheduledHeaders.ROUTING_KEY,
			ScheduledHeaders.MANDATORY, ScheduledHeaders.EXPIRATION, ScheduledHeaders.REMAINING);

	private final PublisherChannel channel;

	private final DelayMechanismSelector delays;

	private final FailurePublisher failures;

	private final Duration confirmTimeout;

	/**
	 * Create the relay.
	 * @param channel the confirming channel
	 * @param delays the delay mechanism, for further hops
	 * @param failures dead-letters what cannot be relayed
	 * @param confirmTimeout how long to wait for the broker's confirm
	 */
	public ScheduledMessageRelay(PublisherChannel channel, DelayMechanismSelector delays, FailurePublisher failures,
			Duration confirmTimeout) {
		this.channel = channel;
		this.delays = delays;
		this.failures = failures;
		this.confirmTimeout = confirmTimeout;
	}

	@Override
	public void onMessage(Message message) {
		MessageProperties received = message.getMessageProperties();
		String exchange = text(received.getHeader(ScheduledHeaders.EXCHANGE));
		String routingKey = text(received.getHeader(ScheduledHeaders.ROUTING_KEY));
		if (exchange == null || routingKey == null) {
			deadLetter(message, DeadLetterReason.NO_DESTINATION, "Message in " + relayQueue() + " has no "
					+ ScheduledHeaders.EXCHANGE + " and " + ScheduledHeaders.ROUTING_KEY + " headers", null);
			return;
		}
		String unsendable = unsendable("exchange", exchange, "routing key", routingKey, "expiration",
				text(received.getHeader(ScheduledHeaders.EXPIRATION)));
		if (unsendable != null) {
			// Sending it would fail every time, and the delivery would come back to the queue every time.
			deadLetter(message, DeadLetterReason.NO_DESTINATION, "Message in " + SchedulingTopology.RELAY_QUEUE
					+ " names a destination no message can have: " + unsendable, null);
			return;
		}
		long remaining = (received.getHeader(ScheduledHeaders.REMAINING) instanceof Number number)
				? number.longValue() : 0;
		if (remaining > 0) {
			hopAgain(message, Duration.ofMillis(remaining));
			return;
		}
		boolean mandatory = !"false".equalsIgnoreCase(text(received.getHeader(ScheduledHeaders.MANDATORY)));
		try {
			await(publish(exchange, routingKey, mandatory, copy(received, false), message.getBody()));
		}
		catch (UnroutableMessageException ex) {
			received.setHeader(DeadLetterHeaders.ORIGINAL_EXCHANGE, exchange);
			received.setHeader(DeadLetterHeaders.ORIGINAL_ROUTING_KEY, routingKey);
			deadLetter(message, DeadLetterReason.UNROUTABLE, "Scheduled message '" + received.getMessageId()
					+ "' was due but no queue is bound to exchange '" + exchange + "' for routing key '" + routingKey
					+ "'", ex);
		}
	}

	private void hopAgain(Message message, Duration remaining) {
		DelayHop hop = DelayHop.of(this.delays.mechanism(), remaining);
		EnvelopeProperties properties = copy(message.getMessageProperties(), true);
		properties.removeHeaders(ScheduledHeaders.REMAINING::equals);
		if (hop.remaining().compareTo(Duration.ZERO) > 0) {
			properties.setHeader(ScheduledHeaders.REMAINING, hop.remaining().toMillis());
		}
		if (hop.route().delayHeader() != null) {
			properties.setHeader(WireHeaders.DELAY, hop.route().delayHeader());
		}
		await(publish(hop.route().exchange(), hop.route().routingKey(), hop.mandatory(), properties,
				message.getBody()));
	}

	// The first of the named values that does not fit in an AMQP short string, described; null when all do.
	private static String unsendable(String... namesAndValues) {
		for (int i = 0; i < namesAndValues.length; i += 2) {
			String value = namesAndValues[i + 1];
			if (!ShortStrings.fits(value)) {
				return "its " + namesAndValues[i] + " is " + ShortStrings.utf8Length(value)
						+ " bytes long (UTF-8), more than the " + ShortStrings.MAX_BYTES + " of an AMQP short string";
			}
		}
		return null;
	}

	private void deadLetter(Message message, DeadLetterReason reason, String description, Throwable error) {
		logger.warn(BoundedText.of(description) + "; dead-lettering it to dlq." + relayQueue());
		await(this.failures.deadLetter(message, relayQueue(),
				new Failure(reason, description, error, 1, false)));
	}

	private String relayQueue() {
		return SchedulingTopology.relayQueue(this.delays.replicated());
	}

	private CompletableFuture<PublishReceipt> publish(String exchange, String routingKey, boolean mandatory,
			EnvelopeProperties properties, byte[] body) {
		return this.channel.publish(exchange, routingKey, mandatory, properties.build(), body, this.confirmTimeout);
	}

	// The delivered copy: what was published, without what the delay added or needed.
	private static EnvelopeProperties copy(MessageProperties received, boolean keepControl) {
		EnvelopeProperties properties = EnvelopeProperties.copyOfReceived(received);
		properties.removeHeaders((name) -> addedByTheDelay(name) || (!keepControl && CONTROL.contains(name)));
		properties.setExpiration(keepControl ? null : text(received.getHeader(ScheduledHeaders.EXPIRATION)));
		return properties;
	}

	private static boolean addedByTheDelay(String header) {
		return header.equals(WireHeaders.DELAY) || header.equals("x-death") || header.startsWith("x-first-death-")
				|| header.startsWith("x-last-death-");
	}

	private static String text(Object value) {
		return (value != null) ? value.toString() : null;
	}

	private static void await(CompletableFuture<?> future) {
		try {
			future.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

}
