package io.mmate.sample.order;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.mmate.sample.order.contracts.PlaceOrderReply;
import io.mmate.test.broker.BrokerProbe;
import io.mmate.test.broker.GoEnvelope;
import io.mmate.test.broker.MmateBrokerConfiguration;
import io.mmate.test.broker.ReceivedEnvelope;
import io.mmate.test.broker.TemporaryQueue;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order service as a Go client sees it, on a real broker: a {@code PlaceOrderCommand} written as
 * {@code mmate-go} writes it is answered with a {@code PlaceOrderReply}, and the {@code OrderPlacedEvent} goes out on
 * {@code mmate.events}. The broker-backed example of the "Testing your handlers" documentation.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
// TraceRecorder only keeps this test on the application context the sample's other integration tests share.
@Import({ MmateBrokerConfiguration.class, TraceRecorder.class })
class OrderGoClientIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	@Autowired
	private BrokerProbe probe;

	@Autowired
	private OrderRepository orders;

	@Test
	void aGoClientPlacesAnOrderAndTheEventGoesOut() {
		String orderId = UUID.randomUUID().toString();
		try (TemporaryQueue events = this.probe.declareQueueBoundTo("mmate.events", "evt." + orderId + ".*")) {
			GoEnvelope command = GoEnvelope.command("PlaceOrderCommand", "order-service",
					Map.of("orderId", orderId, "customerId", "go-customer", "amount", 12.5, "items",
							List.of(Map.of("sku", "SKU-1", "quantity", 1, "price", 12.5))));

			ReceivedEnvelope reply = this.probe.request(command, TIMEOUT);

			assertThat(reply.type()).isEqualTo("PlaceOrderReply");
			assertThat(reply.payload(PlaceOrderReply.class)).isEqualTo(new PlaceOrderReply(true, orderId, "PLACED"));
			assertThat(this.orders.findById(orderId)).isPresent();

			ReceivedEnvelope event = events.awaitEnvelope(TIMEOUT);
			assertThat(event.type()).isEqualTo("OrderPlacedEvent");
			assertThat(event.header("x-aggregate-id")).isEqualTo(orderId);
			assertThat(event.payload().get("customerId").asString()).isEqualTo("go-customer");
		}
	}

}
