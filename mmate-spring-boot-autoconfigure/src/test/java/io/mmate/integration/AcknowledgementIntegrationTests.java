package io.mmate.integration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mmate.MessagePublisher;
import io.mmate.MmateHandler;
import io.mmate.integration.Contracts.ShipParcel;
import io.mmate.testsupport.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Gathered acknowledgements on a real broker: handled messages are acknowledged together, and what is gathered is
 * sent when the consumer pauses, so nothing handled stays unacknowledged.
 */
class AcknowledgementIntegrationTests {

	private final String service = IntegrationTestSupport.uniqueServiceName("acks-it");

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	@Test
	void aPartialBatchIsAcknowledgedWhenTheConsumerPauses() {
		assumeTrue(TestBroker.controllable(), "needs rabbitmqctl of the local broker");
		String queue = this.service + "-queue";
		IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.listener.messages-per-ack=32")
			.withBean(Parcels.class, Parcels::new)
			.run((context) -> {
				MessagePublisher publisher = context.getBean(MessagePublisher.class);
				Parcels parcels = context.getBean(Parcels.class);
				// 70 messages: two full batches of 32 and 6 left over, which only the pause sends.
				for (int i = 0; i < 70; i++) {
					publisher.sendCommand(new ShipParcel("p-" + i, 1), this.service).get();
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> parcels.shipped.size() == 70);
				await().atMost(Duration.ofSeconds(10)).until(() -> TestBroker.unacknowledged(queue) == 0);
				System.out.printf("acks: 70 handled, %d unacknowledged after the pause%n",
						TestBroker.unacknowledged(queue));
				assertThat(parcels.shipped).hasSize(70);
			});
	}

	static class Parcels {

		final List<String> shipped = new CopyOnWriteArrayList<>();

		@MmateHandler
		void on(ShipParcel parcel) {
			this.shipped.add(parcel.parcelId());
		}

	}

}
