package io.mmate.metrics;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * How publish and handle observations are named and tagged. Tags are low-cardinality only: exchange, queue, type
 * and outcome; the message id is a high-cardinality value, for traces, never a metric tag.
 */
public final class MessagingObservationConventions {

	/** The observation, and timer, of publishes. */
	public static final String PUBLISHED = "mmate.messages.published";

	/** The observation, and timer, of handled deliveries. */
	public static final String HANDLED = "mmate.messages.handled";

	private MessagingObservationConventions() {
	}

	/**
	 * The default convention of publishes.
	 */
	public static final class Publish implements ObservationConvention<PublishContext> {

		@Override
		public String getName() {
			return PUBLISHED;
		}

		@Override
		public String getContextualName(PublishContext context) {
			return "publish " + context.getType();
		}

		@Override
		public KeyValues getLowCardinalityKeyValues(PublishContext context) {
			String exchange = context.getExchange().isEmpty() ? "(default)" : context.getExchange();
			return KeyValues.of("exchange", exchange, "type", context.getType(), "outcome", context.getOutcome());
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof PublishContext;
		}

	}

	/**
	 * The default convention of handled deliveries.
	 */
	public static final class Handle implements ObservationConvention<HandleContext> {

		@Override
		public String getName() {
			return HANDLED;
		}

		@Override
		public String getContextualName(HandleContext context) {
			return "handle " + context.getType();
		}

		@Override
		public KeyValues getLowCardinalityKeyValues(HandleContext context) {
			return KeyValues.of("queue", context.getQueue(), "type", context.getType(), "outcome",
					context.getOutcome());
		}

		@Override
		public KeyValues getHighCardinalityKeyValues(HandleContext context) {
			return (context.getMessageId() != null) ? KeyValues.of("messaging.message.id", context.getMessageId())
					: KeyValues.empty();
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof HandleContext;
		}

	}

}
