package io.mmate.integration;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.mmate.MessagePublisher;
import io.mmate.PublishException;
import io.mmate.integration.Contracts.ShipParcel;
import io.mmate.testsupport.TestBroker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A publish the broker never confirms fails after the confirm timeout. The local broker is made to stop accepting
 * publishes by lowering its memory watermark to zero, which blocks publishing connections.
 */
class ConfirmTimeoutIntegrationTests {

	@Test
	void publishWithoutConfirmFailsAfterTheConfirmTimeout() throws Exception {
		assumeTrue(TestBroker.controllable(), "needs rabbitmqctl of the local broker");
		IntegrationTestSupport.runner().withPropertyValues("mmate.publisher.confirm-timeout=1s").run((context) -> {
			MessagePublisher publisher = context.getBean(MessagePublisher.class);
			// Open the publishing channel while the broker still accepts connections.
			publisher.publishEvent(new Contracts.ParcelShipped("warm-up", java.math.BigDecimal.ONE)).get();
			try {
				assumeTrue(TestBroker.rabbitmqctl("set_vm_memory_high_watermark", "0"), "could not block the broker");
				assertThatExceptionOfType(ExecutionException.class)
					.isThrownBy(() -> publisher.sendCommand(new ShipParcel("p", 1), "timeout-target").get(10,
							TimeUnit.SECONDS))
					.havingCause()
					.isInstanceOf(PublishException.class)
					.withMessageContaining("no confirm from the broker within PT1S")
					.withMessageContaining("mmate.publisher.confirm-timeout");
			}
			finally {
				TestBroker.rabbitmqctl("set_vm_memory_high_watermark", "0.4");
			}
		});
	}

}
