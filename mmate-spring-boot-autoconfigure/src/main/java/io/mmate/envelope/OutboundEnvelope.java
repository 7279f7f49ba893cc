package io.mmate.envelope;

import java.time.Instant;

import io.mmate.Message;
import io.mmate.MessageKind;
import io.mmate.PublishOptions;

/**
 * Everything the codec needs to write one message.
 *
 * @param id the message id
 * @param type the type name
 * @param kind the kind
 * @param timestamp the creation time
 * @param message the message, whose fields become the payload
 * @param targetService the target service of a command, else {@code null}
 * @param options reply address, correlation id, headers and AMQP properties
 */
public record OutboundEnvelope(String id, String type, MessageKind kind, Instant timestamp, Message message,
		String targetService, PublishOptions options) {

}
