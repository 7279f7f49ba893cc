package io.mmate.listener;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.mmate.metrics.HandleContext;
import io.mmate.metrics.MessagingEvents;
import io.mmate.metrics.MessagingObservationConventions;

import org.springframework.amqp.core.Message;

/**
 * Where deliveries are observed (a timer and trace per delivery) and their in-flight counts, retries and dead letters
 * reported.
 */
public final class DeliveryObserver {

	/** Observes nothing and reports to nobody. */
	public static final DeliveryObserver NONE = new DeliveryObserver(ObservationRegistry.NOOP, MessagingEvents.NONE);

	private static final MessagingObservationConventions.Handle CONVENTION =
			new MessagingObservationConventions.Handle();

	private final ObservationRegistry observations;

	private final MessagingEvents events;

	/**
	 * Create the observer.
	 * @param observations where deliveries are observed, {@link ObservationRegistry#NOOP} for nowhere
	 * @param events where in-flight counts, retries and dead letters are reported
	 */
	public DeliveryObserver(ObservationRegistry observations, MessagingEvents events) {
		this.observations = observations;
		this.events = events;
	}

	/**
	 * Start observing a delivery.
	 * @param message the delivery
	 * @param queue its queue
	 * @return the started observation, a no-op one when nothing observes
	 */
	Observation start(Message message, String queue) {
		// The context is built only when something observes the delivery: without a registry it would be a few
		// hundred bytes per message that nobody reads.
		return Observation
			.createNotStarted(null, CONVENTION,
					() -> new HandleContext(message.getMessageProperties().getHeaders(), queue), this.observations)
			.start();
	}

	MessagingEvents events() {
		return this.events;
	}

}
