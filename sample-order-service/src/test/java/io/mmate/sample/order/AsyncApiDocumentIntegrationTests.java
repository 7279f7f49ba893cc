package io.mmate.sample.order;

import io.mmate.test.broker.MmateBrokerConfiguration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's AsyncAPI document over HTTP, {@code GET /actuator/mmateasyncapi}: valid against the official AsyncAPI
 * 3.0 JSON Schema, with the order service's handlers and what it sends.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import({ MmateBrokerConfiguration.class, TraceRecorder.class })
class AsyncApiDocumentIntegrationTests {

	// The sample serves actuator on a management port of its own, bound to the loopback interface.
	@LocalManagementPort
	private int managementPort;

	@Test
	void documentIsValidAsyncApiWithTheServicesOperations() {
		String body = RestClient.create("http://127.0.0.1:" + this.managementPort)
			.get()
			.uri("/actuator/mmateasyncapi")
			.retrieve()
			.body(String.class);
		JsonNode document = JsonMapper.builder().build().readTree(body);
		assertThat(AsyncApiSchema.validate(document)).isEmpty();
		assertThat(document.get("info").get("title").stringValue()).isEqualTo("order-service");
		assertThat(document.get("operations").propertyNames()).contains("receivePlaceOrderCommand",
				"receiveGetOrderQuery", "receiveOrderPlacedEvent", "receivePaymentReminderCommand",
				"sendOrderPlacedEvent");
		assertThat(document.get("channels").get("PlaceOrderCommand").get("address").stringValue())
			.isEqualTo("cmd.order-service.PlaceOrderCommand");
		assertThat(document.get("operations").get("receivePlaceOrderCommand").get("reply").get("messages"))
			.extracting((reference) -> reference.get("$ref").stringValue())
			.containsExactly("#/channels/replyQueue/messages/PlaceOrderReply",
					"#/channels/replyQueue/messages/ErrorReply");
	}

}
