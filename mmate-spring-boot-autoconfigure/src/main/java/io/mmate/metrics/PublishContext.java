package io.mmate.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.observation.transport.SenderContext;

/**
 * The observation context of one publish. Its carrier is the message's header map, so that a tracer injects the W3C
 * trace context ({@code traceparent}) into the message.
 */
public class PublishContext extends SenderContext<Map<String, Object>> {

	private final String exchange;

	private final String type;

	// Until the broker answers; the active long-task timer shows it while the publish waits.
	private String outcome = "pending";

	/**
	 * Create a context.
	 * @param exchange the exchange, {@code ""} for the default exchange
	 * @param type the message type name
	 */
	public PublishContext(String exchange, String type) {
		super((carrier, key, value) -> carrier.put(key, value));
		setCarrier(new LinkedHashMap<>());
		this.exchange = exchange;
		this.type = type;
	}

	/** @return the exchange */
	public String getExchange() {
		return this.exchange;
	}

	/** @return the message type name */
	public String getType() {
		return this.type;
	}

	/** @return {@code pending}, then {@code confirmed}, {@code unroutable} or {@code failed} */
	public String getOutcome() {
		return this.outcome;
	}

	/**
	 * Set how the publish ended.
	 * @param outcome the outcome
	 */
	public void setOutcome(String outcome) {
		this.outcome = outcome;
	}

}
