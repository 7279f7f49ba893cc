package io.mmate.integration;

import java.time.Duration;

import io.mmate.MessageRequester;
import io.mmate.MmateHandler;
import io.mmate.Query;
import io.mmate.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long a service takes to stop: every container is stopped in its lifecycle phase, before the connections close,
 * and nothing opens a connection while the context closes.
 */
class ShutdownIntegrationTests {

	// Generous against the under-2-second goal, so that a loaded machine does not fail it; the time is printed.
	private static final Duration BOUND = Duration.ofSeconds(5);

	private final String service = IntegrationTestSupport.uniqueServiceName("shutdown-it");

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	@Test
	void stopsQuicklyAfterARequestAndItsReply() {
		Duration idle = closeTime(false);
		Duration afterRequest = closeTime(true);
		System.out.printf("shutdown: %d ms without a request, %d ms after one request/reply%n", idle.toMillis(),
				afterRequest.toMillis());
		assertThat(afterRequest).isLessThan(BOUND);
		assertThat(idle).isLessThan(BOUND);
	}

	private Duration closeTime(boolean request) {
		Duration[] closed = new Duration[1];
		runner().run((context) -> {
			if (request) {
				Pong pong = context.getBean(MessageRequester.class)
					.requestAndWait(new Ping(1), Pong.class, Duration.ofSeconds(10));
				assertThat(pong.number()).isEqualTo(1);
			}
			long start = System.nanoTime();
			((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
			closed[0] = Duration.ofNanos(System.nanoTime() - start);
		});
		return closed[0];
	}

	private ApplicationContextRunner runner() {
		return IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service)
			.withBean(Responder.class);
	}

	record Ping(int number) implements Query {
	}

	record Pong(boolean success, int number) implements Reply {
	}

	static class Responder {

		@MmateHandler
		Pong on(Ping ping) {
			return new Pong(true, ping.number());
		}

	}

}
