package io.mmate.metrics;

import java.util.Map;

import io.micrometer.observation.transport.ReceiverContext;

/**
 * The observation context of one delivery of a service queue. Its carrier is the delivery's header map, so that a
 * tracer continues the trace the publisher started.
 */
public class HandleContext extends ReceiverContext<Map<String, Object>> {

	/** The type tag of a message whose type is unknown or has no handler, so that tags stay bounded. */
	public static final String UNKNOWN_TYPE = "unknown";

	private final String queue;

	private String type = UNKNOWN_TYPE;

	private String messageId;

	// Until handling ends; the active long-task timer shows it while a handler runs.
	private String outcome = "pending";

	/**
	 * Create a context.
	 * @param headers the delivery's AMQP headers
	 * @param queue the queue it came from
	 */
	public HandleContext(Map<String, Object> headers, String queue) {
		super((carrier, key) -> {
			Object value = carrier.get(key);
			return (value != null) ? value.toString() : null;
		});
		setCarrier(headers);
		this.queue = queue;
	}

	/** @return the queue */
	public String getQueue() {
		return this.queue;
	}

	/** @return the message type name of a handled type, else {@value #UNKNOWN_TYPE} */
	public String getType() {
		return this.type;
	}

	/**
	 * Set the message type once it is known to have a handler.
	 * @param type the type name
	 */
	public void setType(String type) {
		this.type = type;
	}

	/** @return the message id, or {@code null} */
	public String getMessageId() {
		return this.messageId;
	}

	/**
	 * Set the message id once decoded.
	 * @param messageId the id
	 */
	public void setMessageId(String messageId) {
		this.messageId = messageId;
	}

	/** @return {@code pending}, then {@code success}, {@code retried}, {@code dead-lettered}, {@code rejected} or
	 * {@code requeued} */
	public String getOutcome() {
		return this.outcome;
	}

	/**
	 * Set how handling ended.
	 * @param outcome the outcome
	 */
	public void setOutcome(String outcome) {
		this.outcome = outcome;
	}

}
