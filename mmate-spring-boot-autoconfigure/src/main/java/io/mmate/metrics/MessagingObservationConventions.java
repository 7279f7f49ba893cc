package io.mmate.metrics;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * How publish and handle observations are named and tagged, after the OpenTelemetry messaging conventions (see
 * {@link MeterTags}). Tags are low-cardinality only: system, destination (exchange or queue), operation, message type
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
			return KeyValues.of(MeterTags.SYSTEM, MeterTags.RABBITMQ, MeterTags.DESTINATION,
					MeterTags.exchange(context.getExchange()), MeterTags.OPERATION, MeterTags.PUBLISH,
					MeterTags.MESSAGE_TYPE, context.getType(), MeterTags.OUTCOME, context.getOutcome());
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
			return KeyValues.of(MeterTags.SYSTEM, MeterTags.RABBITMQ, MeterTags.DESTINATION, context.getQueue(),
					MeterTags.OPERATION, MeterTags.PROCESS, MeterTags.MESSAGE_TYPE, context.getType(), MeterTags.OUTCOME,
					context.getOutcome());
		}

		@Override
		public KeyValues getHighCardinalityKeyValues(HandleContext context) {
			return (context.getMessageId() != null) ? KeyValues.of(MeterTags.MESSAGE_ID, context.getMessageId())
					: KeyValues.empty();
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof HandleContext;
		}

	}

}
