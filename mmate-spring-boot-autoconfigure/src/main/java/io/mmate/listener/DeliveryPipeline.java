package io.mmate.listener;

import io.mmate.dispatch.Dispatcher;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.failure.FailurePublisher;
import io.mmate.retry.RetryPolicies;

/**
 * What every listener shares, whatever its queue: decoding, dispatching, the retry policies that failure decisions
 * follow, and the publishers of failed messages' copies and of replies.
 *
 * @param codec decodes deliveries
 * @param dispatcher calls the handlers
 * @param policies the retry policies
 * @param failures publishes redeliveries and dead letters
 * @param replies sends replies and error replies
 */
public record DeliveryPipeline(EnvelopeCodec codec, Dispatcher dispatcher, RetryPolicies policies,
		FailurePublisher failures, ReplySender replies) {

}
