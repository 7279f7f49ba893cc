package io.mmate.contract;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import io.mmate.envelope.EnvelopeCodec;
import io.mmate.testsupport.GoEnvelopes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AnnouncementListener}: announcements are untrusted input, and what is not one is dropped.
 */
class AnnouncementListenerTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final ContractRegistry registry = new ContractRegistry("order-service", Duration.ofMinutes(2), 100,
			Clock.systemUTC());

	private final AnnouncementListener listener = new AnnouncementListener(
			new AnnouncementCodec(this.json, new EnvelopeCodec(this.json)), this.registry);

	@Test
	void goAnnouncementReachesTheRegistry() {
		this.listener.onMessage(GoEnvelopes.delivery("contract-announcement.json"));
		assertThat(this.registry.contracts()).extracting((known) -> known.contract().endpointId())
			.containsExactly("inventory-service.ReserveStockCommand", "inventory-service.StockLevelQuery",
					"workflow.order-fulfilment");
	}

	@ParameterizedTest
	@ValueSource(strings = { "not json", "[1, 2]", "{}", "{\"type\": \"OrderPlacedEvent\", \"payload\": {}}",
			"{\"type\": \"ContractAnnouncement\", \"payload\": {\"action\": \"deleted\", \"contracts\": []}}",
			"{\"type\": \"ContractAnnouncement\", \"payload\": {\"action\": \"registered\"}}",
			"{\"type\": \"ContractAnnouncement\", \"payload\": {\"action\": \"registered\", \"contracts\": 7}}",
			"{\"type\": \"ContractAnnouncement\", \"payload\": {\"action\": \"registered\", \"contracts\": "
					+ "[{\"endpointId\": {\"a\": 1}}]}}",
			"{\"type\": \"ContractAnnouncement\", \"payload\": {\"action\": \"registered\", \"contracts\": "
					+ "[{\"endpointId\": \"x.Y\", \"serviceName\": \"x\", \"createdAt\": \"yesterday\"}]}}" })
	void malformedAnnouncementsAreDropped(String body) {
		this.listener.onMessage(message(body));
		assertThat(this.registry.contracts()).isEmpty();
	}

	@Test
	void contractsWithoutEndpointIdOrServiceNameAreIgnoredAndTheOthersKept() {
		this.listener.onMessage(message("{\"type\": \"ContractAnnouncement\", \"payload\": {\"action\": "
				+ "\"registered\", \"contracts\": [null, {\"endpointId\": \"x.Y\"}, {\"serviceName\": \"x\"}, "
				+ "{\"endpointId\": \"" + "x".repeat(513) + "\", \"serviceName\": \"x\"}, "
				+ "{\"endpointId\": \"x.Z\", \"serviceName\": \"x\"}]}}"));
		assertThat(this.registry.contracts()).extracting((known) -> known.contract().endpointId())
			.containsExactly("x.Z");
	}

	@Test
	void announcementsLargerThanTheLimitAreDropped() {
		String filler = "x".repeat(AnnouncementListener.MAX_ANNOUNCEMENT_BYTES);
		this.listener.onMessage(message("{\"type\": \"ContractAnnouncement\", \"payload\": {\"action\": "
				+ "\"registered\", \"contracts\": [{\"endpointId\": \"x.Z\", \"serviceName\": \"x\", "
				+ "\"description\": \"" + filler + "\"}]}}"));
		assertThat(this.registry.contracts()).isEmpty();
	}

	private static Message message(String body) {
		return new Message(body.getBytes(StandardCharsets.UTF_8), new MessageProperties());
	}

}
