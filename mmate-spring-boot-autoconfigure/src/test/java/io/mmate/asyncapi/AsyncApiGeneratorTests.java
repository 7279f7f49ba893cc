package io.mmate.asyncapi;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.mmate.Command;
import io.mmate.ErrorReply;
import io.mmate.Event;
import io.mmate.Message;
import io.mmate.MessageKind;
import io.mmate.Query;
import io.mmate.Reply;
import io.mmate.dispatch.HandlerDefinition;
import io.mmate.dispatch.HandlerDefinition.Delivery;
import io.mmate.dispatch.HandlerRegistry;
import io.mmate.envelope.TypeRegistry;
import io.mmate.testsupport.AsyncApiSchema;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AsyncApiGenerator}: the document is valid against the official AsyncAPI 3.0 JSON Schema, and says
 * where each message goes.
 */
class AsyncApiGeneratorTests {

	private final HandlerRegistry handlers = new HandlerRegistry();

	private final TypeRegistry types = new TypeRegistry();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void documentOfAServiceIsValidAsyncApi() {
		JsonNode document = serviceDocument();
		assertThat(AsyncApiSchema.validate(document)).isEmpty();
		assertThat(document.get("asyncapi").stringValue()).isEqualTo("3.0.0");
		assertThat(document.get("info").get("title").stringValue()).isEqualTo("shipping-service");
		assertThat(document.get("servers").get("rabbitmq").get("host").stringValue()).isEqualTo("broker:5672");
	}

	@Test
	void handlersAreReceiveOperationsOnTheirExchangesAndRoutingKeys() {
		JsonNode document = serviceDocument();
		JsonNode channels = document.get("channels");
		assertThat(channels.get("ShipParcel").get("address").stringValue())
			.isEqualTo("cmd.shipping-service.ShipParcel");
		assertThat(channels.get("ShipParcel").get("bindings").get("amqp").get("exchange").get("name").stringValue())
			.isEqualTo("mmate.commands");
		assertThat(channels.get("ParcelDelivered").get("address").stringValue())
			.isEqualTo("evt.{aggregateId}.ParcelDelivered");
		assertThat(channels.get("FindParcel").get("address").stringValue()).isEqualTo("qry.FindParcel");
		assertThat(channels.get("replyQueue").get("address").isNull()).isTrue();
		JsonNode operations = document.get("operations");
		assertThat(operations.propertyNames()).containsExactlyInAnyOrder("receiveShipParcel",
				"receiveParcelDelivered", "receiveFindParcel", "receiveCancelParcel", "receiveLegacyAudit",
				"sendParcelShipped", "sendRouteParcel");
		JsonNode ship = operations.get("receiveShipParcel");
		assertThat(ship.get("action").stringValue()).isEqualTo("receive");
		assertThat(ship.get("channel").get("$ref").stringValue()).isEqualTo("#/channels/ShipParcel");
		assertThat(ship.get("reply").get("address").get("location").stringValue())
			.isEqualTo("$message.payload#/payload/replyTo");
		assertThat(ship.get("reply").get("messages")).extracting((reference) -> reference.get("$ref").stringValue())
			.containsExactly("#/channels/replyQueue/messages/ShipmentBooked",
					"#/channels/replyQueue/messages/ErrorReply");
		assertThat(operations.get("receiveFindParcel").get("reply").get("messages"))
			.extracting((reference) -> reference.get("$ref").stringValue())
			.containsExactly("#/channels/replyQueue/messages/ErrorReply");
		assertThat(operations.get("receiveCancelParcel").has("reply")).isFalse();
	}

	@Test
	void sentTypesAreSendOperations() {
		JsonNode document = serviceDocument();
		JsonNode channels = document.get("channels");
		assertThat(channels.get("ParcelShipped").get("address").stringValue())
			.isEqualTo("evt.{aggregateId}.ParcelShipped");
		assertThat(channels.get("RouteParcel").get("address").stringValue())
			.isEqualTo("cmd.{targetService}.RouteParcel");
		assertThat(channels.get("RouteParcel").get("parameters").get("targetService").get("location").stringValue())
			.isEqualTo("$message.payload#/payload/targetService");
		assertThat(document.get("operations").get("sendRouteParcel").get("action").stringValue()).isEqualTo("send");
	}

	@Test
	void messagesAreMmateEnvelopesWithTheClassSchemaAsPayload() {
		JsonNode message = serviceDocument().get("components").get("messages").get("ShipParcel");
		JsonNode envelope = message.get("payload");
		assertThat(envelope.get("required")).extracting(JsonNode::stringValue)
			.containsExactly("id", "type", "timestamp", "payload");
		assertThat(envelope.get("properties").get("type").get("const").stringValue()).isEqualTo("ShipParcel");
		JsonNode payload = envelope.get("properties").get("payload");
		assertThat(payload.get("properties").propertyNames()).containsExactly("parcelId", "weight",
				"targetService", "replyTo");
		assertThat(message.get("headers").get("properties").get("x-message-kind").get("const").stringValue())
			.isEqualTo("command");
		assertThat(message.get("correlationId").get("location").stringValue())
			.isEqualTo("$message.payload#/correlationId");
	}

	@Test
	void applicationWithoutHandlersIsValidToo() {
		JsonNode document = new AsyncApiGenerator(null, this.handlers, this.types, List::of,
				new AsyncApiGenerator.Broker("localhost", 5672, "/")).generate();
		assertThat(AsyncApiSchema.validate(document)).isEmpty();
		assertThat(document.get("channels").isEmpty()).isTrue();
	}

	@Test
	void invalidOperationIsReported() {
		JsonNode document = serviceDocument();
		((ObjectNode) document.get("operations").get("receiveShipParcel")).put("action", "consume");
		assertThat(AsyncApiSchema.validate(document)).isNotEmpty();
	}

	@Test
	void invalidPayloadSchemaIsReported() {
		JsonNode document = serviceDocument();
		((ObjectNode) document.get("components").get("messages").get("ShipParcel").get("payload")).put("type", 42);
		assertThat(AsyncApiSchema.validate(document)).isNotEmpty();
	}

	private JsonNode serviceDocument() {
		register("ShipParcel", MessageKind.COMMAND, ShipParcel.class, Delivery.SERVICE_QUEUE, ShipmentBooked.class);
		register("ParcelDelivered", MessageKind.EVENT, ParcelDelivered.class, Delivery.BROADCAST, void.class);
		register("FindParcel", MessageKind.QUERY, FindParcel.class, Delivery.SERVICE_QUEUE, Reply.class);
		register("CancelParcel", MessageKind.COMMAND, CancelParcel.class, Delivery.SERVICE_QUEUE, void.class);
		register("LegacyAudit", MessageKind.EVENT, Map.class, Delivery.SERVICE_QUEUE, null);
		// Published so far: its name was asked.
		this.types.nameOf(ParcelShipped.class);
		this.types.nameOf(ErrorReply.class);
		Set<Class<? extends Message>> sends = Set.of(RouteParcel.class);
		JsonNode document = new AsyncApiGenerator("shipping-service", this.handlers, this.types, () -> sends,
				new AsyncApiGenerator.Broker("broker", 5672, "/")).generate();
		// As it is served and written.
		return this.json.readTree(this.json.writeValueAsString(document));
	}

	private void register(String type, MessageKind kind, Class<?> payloadType, Delivery delivery,
			Class<?> replyType) {
		if (Message.class.isAssignableFrom(payloadType)) {
			this.types.register(payloadType);
		}
		this.handlers.register(new HandlerDefinition(type, kind, payloadType, (message, context) -> null,
				"Shipping#on(" + type + ")", false, delivery, replyType));
	}

	record ShipParcel(String parcelId, int weight) implements Command {
	}

	record ShipmentBooked(boolean success, String parcelId) implements Reply {
	}

	record CancelParcel(String parcelId) implements Command {
	}

	record FindParcel(String parcelId) implements Query {
	}

	record ParcelDelivered(String aggregateId) implements Event {
	}

	record ParcelShipped(String aggregateId) implements Event {
	}

	record RouteParcel(String parcelId) implements Command {
	}

}
