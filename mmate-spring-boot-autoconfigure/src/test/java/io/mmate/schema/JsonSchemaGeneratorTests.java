package io.mmate.schema;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.mmate.Command;
import io.mmate.ErrorReply;
import io.mmate.Event;
import io.mmate.GoDuration;
import io.mmate.Query;
import io.mmate.Reply;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JsonSchemaGenerator}.
 */
class JsonSchemaGeneratorTests {

	private final JsonSchemaGenerator generator = new JsonSchemaGenerator();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void recordWithNestedRecordsListsEnumsMapsAndScalars() {
		assertThat(this.generator.schema(Order.class)).isEqualTo(json("""
				{"type": "object", "properties": {
				  "orderId": {"type": "string"},
				  "quantity": {"type": "integer", "format": "int32"},
				  "amount": {"type": "number"},
				  "express": {"type": "boolean"},
				  "placedAt": {"type": "string", "format": "date-time"},
				  "ttl": {"type": "string", "format": "duration"},
				  "elapsed": {"type": "integer", "format": "int64", "description": "nanoseconds, as Go writes a time.Duration"},
				  "status": {"type": "string", "enum": ["PLACED", "shipped"]},
				  "lines": {"type": "array", "items": {"type": "object", "properties": {
				    "sku": {"type": "string"}, "count": {"type": "integer", "format": "int64"}},
				    "required": ["count"]}},
				  "attributes": {"type": "object", "additionalProperties": {"type": "string"}},
				  "extra": {},
				  "note": {"type": "string"},
				  "customer_id": {"type": "string"}},
				 "required": ["quantity", "express", "customer_id"]}
				"""));
	}

	@Test
	void beanByItsGettersAndPublicFields() {
		assertThat(this.generator.schema(Parcel.class)).isEqualTo(json("""
				{"type": "object", "properties": {
				  "parcelId": {"type": "string"},
				  "weight": {"type": "number", "format": "double"},
				  "tags": {"type": "array", "items": {"type": "string"}}},
				 "required": ["weight"]}
				"""));
	}

	@Test
	void classThatContainsItselfIsAnObjectTheSecondTime() {
		assertThat(this.generator.schema(Node.class)).isEqualTo(json("""
				{"type": "object", "properties": {
				  "name": {"type": "string"},
				  "children": {"type": "array", "items": {"type": "object"}}}}
				"""));
	}

	@Test
	void eventPayloadHasTheBaseFieldsOfAnEvent() {
		assertThat(this.generator.payloadSchema(Shipped.class, "ParcelShipped")).isEqualTo(json("""
				{"type": "object", "title": "ParcelShipped", "properties": {
				  "aggregateId": {"type": "string"},
				  "weight": {"type": "integer", "format": "int32"},
				  "sequence": {"type": "integer", "format": "int64"},
				  "source": {"type": "string"}},
				 "required": ["weight", "aggregateId", "sequence"]}
				"""));
	}

	@Test
	void commandQueryAndReplyPayloadsHaveTheirBaseFields() {
		assertThat(this.generator.payloadSchema(Ship.class, "Ship").get("required"))
			.isEqualTo(json("[\"targetService\"]"));
		assertThat(this.generator.payloadSchema(Ship.class, "Ship").get("properties").propertyNames())
			.containsExactly("parcelId", "targetService", "replyTo");
		assertThat(this.generator.payloadSchema(Find.class, "Find").get("required")).isEqualTo(json("[\"replyTo\"]"));
		JsonNode error = this.generator.payloadSchema(ErrorReply.class, "ErrorReply");
		assertThat(error.get("properties").propertyNames()).containsExactly("errorCode", "errorMessage", "success");
		assertThat(error.get("required")).isEqualTo(json("[\"success\"]"));
	}

	@Test
	void envelopeFieldsAreNotInThePayload() {
		JsonNode schema = this.generator.payloadSchema(WithId.class, "WithId");
		assertThat(schema.get("properties").propertyNames()).containsExactly("id2", "success", "errorCode",
				"errorMessage");
		assertThat(schema.get("required")).isEqualTo(json("[\"success\"]"));
	}

	private JsonNode json(String text) {
		return this.json.readTree(text);
	}

	enum Status {

		PLACED, @JsonProperty("shipped")
		SHIPPED

	}

	record Line(String sku, long count) {
	}

	record Order(String orderId, int quantity, BigDecimal amount, boolean express, Instant placedAt, Duration ttl,
			@GoDuration Duration elapsed, Status status, List<Line> lines, Map<String, String> attributes, Object extra,
			Optional<String> note, @JsonProperty(value = "customer_id", required = true) String customerId,
			@JsonIgnore String internal) {
	}

	static class Parcel {

		public List<String> tags;

		private String parcelId;

		private double weight;

		public String getParcelId() {
			return this.parcelId;
		}

		public double getWeight() {
			return this.weight;
		}

	}

	static class Node {

		private String name;

		private List<Node> children;

		public String getName() {
			return this.name;
		}

		public List<Node> getChildren() {
			return this.children;
		}

	}

	record Shipped(String aggregateId, int weight) implements Event {
	}

	record Ship(String parcelId) implements Command {
	}

	record Find(String parcelId) implements Query {
	}

	record WithId(String id, long timestamp, String id2) implements Reply {
	}

}
