package io.mmate.test.broker;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/**
 * A message read from a queue by a {@link BrokerProbe}, decoded as a Mmate envelope the way the starter reads one:
 * JSON keys case-insensitively, the type from the body, else the AMQP {@code type} property, else the
 * {@code x-message-type} header. A body that is not a JSON object (a poison message) keeps its bytes and AMQP
 * properties, with no type and no payload.
 */
public final class ReceivedEnvelope {

	private final Message message;

	private final JsonNode body;

	private final JsonMapper json;

	ReceivedEnvelope(Message message, JsonMapper json) {
		this.message = message;
		this.json = json;
		this.body = parse(message.getBody(), json);
	}

	private static JsonNode parse(byte[] body, JsonMapper json) {
		try {
			JsonNode node = json.readTree(body);
			return (node != null && node.isObject()) ? node : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * Whether the body is a JSON object, as every Mmate envelope is.
	 * @return {@code true} if it is
	 */
	public boolean isEnvelope() {
		return this.body != null;
	}

	/**
	 * The message id: the envelope's {@code id}.
	 * @return the id, {@code null} if there is none
	 */
	public String id() {
		return text(field("id"));
	}

	/**
	 * The message type name.
	 * @return the type, {@code null} if none is given anywhere
	 */
	public String type() {
		String type = text(field("type"));
		if (type == null) {
			type = this.message.getMessageProperties().getType();
		}
		return (type != null) ? type : header("x-message-type");
	}

	/**
	 * The message kind, from the {@code x-message-kind} header: {@code command}, {@code event}, {@code query} or
	 * {@code reply}.
	 * @return the kind, {@code null} if the header is missing
	 */
	public String kind() {
		return header("x-message-kind");
	}

	/**
	 * The envelope's correlation id.
	 * @return the correlation id, {@code null} if there is none
	 */
	public String correlationId() {
		return text(field("correlationId"));
	}

	/**
	 * The envelope's headers, as text.
	 * @return the headers, empty for a body that is not an envelope
	 */
	public Map<String, String> headers() {
		Map<String, String> headers = new LinkedHashMap<>();
		JsonNode node = field("headers");
		if (node != null && node.isObject()) {
			node.properties().forEach((header) -> headers.put(header.getKey(), header.getValue().asString()));
		}
		return Collections.unmodifiableMap(headers);
	}

	/**
	 * One header of the envelope, else of the AMQP header table.
	 * @param name the header's name
	 * @return its value as text, {@code null} if it is in neither
	 */
	public String header(String name) {
		String value = headers().get(name);
		if (value == null) {
			Object amqp = this.message.getMessageProperties().getHeaders().get(name);
			value = (amqp != null) ? amqp.toString() : null;
		}
		return value;
	}

	/**
	 * The payload, with the kind's base fields ({@code success} of a reply, {@code replyTo} of a query, ...).
	 * @return the payload, {@code null} for a body that is not an envelope or has none
	 */
	public JsonNode payload() {
		return field("payload");
	}

	/**
	 * The payload read as a type of the application, such as the reply a handler sent.
	 * @param <T> the type
	 * @param type the type
	 * @return the payload
	 * @throws IllegalStateException if there is no payload
	 */
	public <T> T payload(Class<T> type) {
		JsonNode payload = payload();
		if (payload == null) {
			throw new IllegalStateException("no payload in " + this);
		}
		return this.json.treeToValue(payload, type);
	}

	/**
	 * The body's bytes.
	 * @return the body
	 */
	public byte[] body() {
		return this.message.getBody();
	}

	/**
	 * The AMQP properties and header table of the delivery.
	 * @return the properties
	 */
	public MessageProperties properties() {
		return this.message.getMessageProperties();
	}

	private JsonNode field(String name) {
		if (this.body == null) {
			return null;
		}
		JsonNode exact = this.body.get(name);
		if (exact != null) {
			return exact;
		}
		// Go reads keys case-insensitively and .NET may write PascalCase.
		return this.body.properties()
			.stream()
			.filter((field) -> field.getKey().equalsIgnoreCase(name))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);
	}

	private static String text(JsonNode node) {
		return (node != null && !node.isNull()) ? node.asString() : null;
	}

	@Override
	public String toString() {
		if (!isEnvelope()) {
			String body = new String(this.message.getBody(), StandardCharsets.UTF_8);
			return "not an envelope: " + ((body.length() > 100) ? body.substring(0, 100) + "..." : body);
		}
		return kind() + " " + type() + " (id " + id() + ", correlation id " + correlationId() + ")";
	}

}
