package io.mmate.publish;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.mmate.Command;
import io.mmate.PublishException;
import io.mmate.PublishReceipt;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.TypeRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the publish observation of {@link RabbitMessagePublisher}: an observation handler that fails does not
 * change what the broker answered.
 */
class RabbitMessagePublisherObservationTests {

	@Test
	void aConfirmedPublishStaysConfirmedWhenAnObservationHandlerFailsOnStop() {
		RabbitMessagePublisher publisher = publisher(
				(exchange, routingKey, mandatory, properties, body, timeout) -> CompletableFuture
					.completedFuture(new PublishReceipt(properties.getMessageId(), exchange, routingKey)));
		assertThat(publisher.sendCommand(new Ship("o-1"), "shipping"))
			.succeedsWithin(Duration.ofSeconds(5))
			.satisfies((receipt) -> assertThat(receipt.routingKey()).isEqualTo("cmd.shipping.Ship"));
	}

	@Test
	void aRefusedPublishStaysRefusedWhenAnObservationHandlerFailsOnStop() {
		PublishException refused = new PublishException("refused", "mmate.commands", "cmd.shipping.Ship", null);
		RabbitMessagePublisher publisher = publisher(
				(exchange, routingKey, mandatory, properties, body, timeout) -> CompletableFuture.failedFuture(refused));
		assertThat(publisher.sendCommand(new Ship("o-2"), "shipping")).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingCause()
			.isSameAs(refused);
	}

	private static RabbitMessagePublisher publisher(PublishSink sink) {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new FailingOnStop());
		return new RabbitMessagePublisher(sink, new EnvelopeCodec(JsonMapper.builder().build()), new TypeRegistry(),
				List.of(), new PublisherSettings(Duration.ofSeconds(5), false, Duration.ofSeconds(5), false),
				Clock.systemUTC(), observations);
	}

	record Ship(String orderId) implements Command {
	}

	/**
	 * A handler with a bug in its stop.
	 */
	static class FailingOnStop implements ObservationHandler<Observation.Context> {

		@Override
		public void onStop(Observation.Context context) {
			throw new IllegalStateException("handler bug");
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
