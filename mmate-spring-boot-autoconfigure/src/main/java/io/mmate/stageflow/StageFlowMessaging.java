package io.mmate.stageflow;

import io.mmate.MessagePublisher;
import io.mmate.delay.DelayMechanismSelector;
import io.mmate.failure.FailurePublisher;
import io.mmate.publish.PublishSink;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * What the StageFlow engine talks to the broker with.
 *
 * @param connectionFactory the connection factory, for declarations and consumers
 * @param sink the confirming publisher channel, for stage and compensation messages
 * @param publisher the publisher of the workflow events
 * @param failures the publisher of delayed redeliveries and dead letters
 * @param delays the delay mechanism a redelivered stage message goes through
 */
public record StageFlowMessaging(ConnectionFactory connectionFactory, PublishSink sink, MessagePublisher publisher,
		FailurePublisher failures, DelayMechanismSelector delays) {

}
