package io.mmate;

/**
 * A message on its way to the broker, as a {@link PublishInterceptor} sees it.
 *
 * @param message the message
 * @param kind its kind
 * @param typeName its type name on the wire
 * @param exchange the exchange it goes to
 * @param routingKey the routing key it goes with
 * @param targetService the target service of a command, else {@code null}
 * @param options the publish options, including headers
 */
public record OutgoingMessage(Message message, MessageKind kind, String typeName, String exchange, String routingKey,
		String targetService, PublishOptions options) {

	/**
	 * A copy with one more header.
	 * @param name the header name
	 * @param value the value
	 * @return the copy
	 */
	public OutgoingMessage withHeader(String name, Object value) {
		return new OutgoingMessage(this.message, this.kind, this.typeName, this.exchange, this.routingKey,
				this.targetService, this.options.withHeader(name, value));
	}

	/**
	 * A copy with other options.
	 * @param options the options
	 * @return the copy
	 */
	public OutgoingMessage withOptions(PublishOptions options) {
		return new OutgoingMessage(this.message, this.kind, this.typeName, this.exchange, this.routingKey,
				this.targetService, options);
	}

}
