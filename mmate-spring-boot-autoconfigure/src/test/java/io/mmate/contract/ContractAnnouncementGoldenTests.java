package io.mmate.contract;

import java.time.Instant;
import java.util.List;

import io.mmate.envelope.EncodedMessage;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.testsupport.GoEnvelopes;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract announcements against {@code golden/go/contract-announcement.json}, an announcement as Go's contract
 * discovery writes it: read with every field, and written by Java in the same layout.
 */
class ContractAnnouncementGoldenTests {

	private static final String FIXTURE = "contract-announcement.json";

	private final JsonMapper json = JsonMapper.builder().build();

	private final AnnouncementCodec codec = new AnnouncementCodec(this.json, new EnvelopeCodec(this.json));

	@Test
	void readsGoAnnouncement() {
		ContractAnnouncement announcement = this.codec.decode(GoEnvelopes.delivery(FIXTURE));
		assertThat(announcement.action()).isEqualTo(ContractAnnouncement.REGISTERED);
		assertThat(announcement.contracts()).hasSize(3);
		EndpointContract reserve = announcement.contracts().get(0);
		assertThat(reserve).isEqualTo(new EndpointContract("inventory-service.ReserveStockCommand", "1.0.0",
				"inventory-service", "Handles ReserveStockCommand messages", "inventory-service-queue",
				"ReserveStockCommand", "ReserveStockReply", reserve.inputSchema(), null, "30s", 3,
				Instant.parse("2025-07-08T10:29:41.518230114Z"), Instant.parse("2025-07-08T10:29:41.518297Z"), null));
		assertThat(reserve.inputSchema().get("required").toString()).isEqualTo("[\"sku\",\"quantity\"]");
		assertThat(reserve.inputSchema().get("properties").get("sku").get("minLength").intValue()).isEqualTo(1);
		EndpointContract workflow = announcement.contracts().get(2);
		assertThat(workflow.endpointId()).isEqualTo("workflow.order-fulfilment");
		assertThat(workflow.inputType()).isEqualTo("WorkflowTrigger");
		assertThat(workflow.outputType()).isEqualTo("WorkflowResult");
		assertThat(workflow.timeout()).isEqualTo("120s");
		assertThat(workflow.maxRetries()).isEqualTo(1);
		assertThat(workflow.updatedAt()).isEqualTo(Instant.parse("2025-07-08T10:29:41.520000001Z"));
	}

	@Test
	void writesAnnouncementInGoLayout() {
		JsonNode go = this.json.readTree(GoEnvelopes.fixture(FIXTURE));
		ContractAnnouncement announcement = this.codec.decode(GoEnvelopes.delivery(FIXTURE));
		EncodedMessage written = this.codec.encode(announcement, go.get("id").stringValue(),
				Instant.parse(go.get("timestamp").stringValue()).plusMillis(987));
		JsonNode java = this.json.readTree(written.body());
		assertThat(java.propertyNames()).containsExactly("id", "type", "timestamp", "headers", "payload");
		for (String field : List.of("id", "type", "timestamp")) {
			assertThat(java.get(field)).isEqualTo(go.get(field));
		}
		assertThat(write(java.get("payload"))).isEqualTo(write(go.get("payload")));
		assertThat(write(java.get("headers"))).isEqualTo(write(GoEnvelopes.headersAsJavaWritesThem(go)));
		assertThat(java.get("headers").has("x-message-kind")).isFalse();
		assertThat(written.properties().getHeaders())
			.isEqualTo(this.json.treeToValue(java.get("headers"), java.util.Map.class));
		assertThat(written.properties().getMessageId()).isEqualTo(go.get("id").stringValue());
		assertThat(written.properties().getType()).isEqualTo(ContractAnnouncement.TYPE);
		assertThat(written.properties().getContentType()).isEqualTo("application/json");
		assertThat(written.properties().getDeliveryMode()).isEqualTo(2);
	}

	private String write(JsonNode node) {
		return this.json.writeValueAsString(node);
	}

}
