package io.mmate.autoconfigure.endpoint;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.mmate.deadletter.DeadLetterBusyException;
import io.mmate.deadletter.DeadLetterLimits;
import io.mmate.deadletter.DeadLetterOperations;
import io.mmate.deadletter.DeadLetterPage;
import io.mmate.deadletter.PurgeResult;
import io.mmate.testsupport.UnreachableConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MmateDeadLetterEndpointWebExtension}.
 */
class MmateDeadLetterEndpointWebExtensionTests {

	@Test
	void operationThatFindsTheQueueBusyAnswers429() {
		MmateDeadLetterEndpointWebExtension extension = new MmateDeadLetterEndpointWebExtension(
				new MmateDeadLetterEndpoint(new BusyOperations()));
		WebEndpointResponse<Object> response = extension.deadLetters("orders-queue", null, null);
		assertThat(response.getStatus()).isEqualTo(429);
		assertThat(response.getBody()).isEqualTo(Map.of("status", 429, "error", "Too Many Requests", "message",
				"orders-queue is busy"));
		assertThat(extension.purge("orders-queue").getStatus()).isEqualTo(429);
		assertThat(extension.replay("orders-queue", "m-1", null, null).getStatus()).isEqualTo(429);
	}

	static class BusyOperations extends DeadLetterOperations {

		BusyOperations() {
			super(new UnreachableConnectionFactory(), null, Duration.ofSeconds(1), Set.of("orders-queue"),
					DeadLetterLimits.DEFAULTS);
		}

		@Override
		public DeadLetterPage list(String queue, int offset, int limit) {
			throw new DeadLetterBusyException(queue + " is busy");
		}

		@Override
		public io.mmate.deadletter.ReplayResult replay(String queue, String messageId) {
			throw new DeadLetterBusyException(queue + " is busy");
		}

		@Override
		public PurgeResult purge(String queue) {
			throw new DeadLetterBusyException(queue + " is busy");
		}

	}

}
