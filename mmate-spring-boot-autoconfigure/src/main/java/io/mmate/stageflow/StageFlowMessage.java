package io.mmate.stageflow;

import java.time.Instant;

/**
 * A StageFlow message as read from a queue: the envelope's id and timestamp (Go's {@code BaseMessage}) and the
 * message.
 *
 * @param <T> {@link FlowMessageEnvelope} or {@link CompensationMessageEnvelope}
 * @param id the message id
 * @param timestamp when it was made
 * @param message the message
 */
public record StageFlowMessage<T>(String id, Instant timestamp, T message) {

}
