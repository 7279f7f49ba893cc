package io.mmate.envelope;

import java.time.Instant;
import java.util.Map;

import io.mmate.MessageKind;
import tools.jackson.databind.node.ObjectNode;

/**
 * A decoded delivery: envelope metadata resolved from the body, the AMQP properties and the headers, and the payload
 * still as JSON until the handler's class is known.
 *
 * @param id the message id, or {@code null} when the sender gave none
 * @param type the type name
 * @param kind the kind from {@code x-message-kind}, or {@code null} when absent
 * @param timestamp the creation time, or {@code null}
 * @param correlationId the correlation id, or {@code null}
 * @param replyTo where a reply goes, or {@code null}
 * @param headers AMQP and envelope headers merged, values as {@code String}, {@code Long} or {@code Boolean}
 * @param payload the payload object
 */
public record InboundEnvelope(String id, String type, MessageKind kind, Instant timestamp, String correlationId,
		String replyTo, Map<String, Object> headers, ObjectNode payload) {

}
