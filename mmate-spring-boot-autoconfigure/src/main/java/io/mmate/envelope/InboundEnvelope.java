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
 * @param payloadJson the payload object as JSON
 */
public record InboundEnvelope(String id, String type, MessageKind kind, Instant timestamp, String correlationId,
		String replyTo, Map<String, Object> headers, PayloadJson payloadJson) {

	/**
	 * Create an envelope whose payload is a tree already.
	 * @param id the message id, or {@code null}
	 * @param type the type name
	 * @param kind the kind, or {@code null}
	 * @param timestamp the creation time, or {@code null}
	 * @param correlationId the correlation id, or {@code null}
	 * @param replyTo where a reply goes, or {@code null}
	 * @param headers the merged headers
	 * @param payload the payload object
	 */
	public InboundEnvelope(String id, String type, MessageKind kind, Instant timestamp, String correlationId,
			String replyTo, Map<String, Object> headers, ObjectNode payload) {
		this(id, type, kind, timestamp, correlationId, replyTo, headers, PayloadJson.of(payload));
	}

	/**
	 * The payload as a tree, read from the body on the first call: binding to the handler's class does not need it.
	 * @return the payload object
	 */
	public ObjectNode payload() {
		return this.payloadJson.tree();
	}

}
