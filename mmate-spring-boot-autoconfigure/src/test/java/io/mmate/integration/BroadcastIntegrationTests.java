package io.mmate.integration;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.mmate.Event;
import io.mmate.MessagePublisher;
import io.mmate.MmateHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Broadcast handlers on a real broker: three instances each receive all 100 messages.
 */
class BroadcastIntegrationTests {

	private static final int MESSAGES = 100;

	private final String service = IntegrationTestSupport.uniqueServiceName("broadcast-it");

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	@Test
	void everyInstanceReceivesEveryMessage() {
		ApplicationContextRunner instance = IntegrationTestSupport.runner()
			.withPropertyValues("mmate.service-name=" + this.service)
			.withBean(Cache.class);
		instance.run((a) -> instance.run((b) -> instance.run((c) -> {
			MessagePublisher publisher = a.getBean(MessagePublisher.class);
			for (int i = 0; i < MESSAGES; i++) {
				publisher.publishEvent(new PriceChanged("sku-" + i)).get();
			}
			Cache first = a.getBean(Cache.class);
			Cache second = b.getBean(Cache.class);
			Cache third = c.getBean(Cache.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> first.invalidated.size() == MESSAGES
					&& second.invalidated.size() == MESSAGES && third.invalidated.size() == MESSAGES);
			System.out.printf("broadcast: %d messages, received by the instances: %d, %d, %d%n", MESSAGES,
					first.invalidated.size(), second.invalidated.size(), third.invalidated.size());
			assertThat(first.invalidated).isEqualTo(second.invalidated).isEqualTo(third.invalidated);
		})));
	}

	record PriceChanged(String aggregateId) implements Event {
	}

	static class Cache {

		final Set<String> invalidated = ConcurrentHashMap.newKeySet();

		@MmateHandler(broadcast = true)
		void on(PriceChanged changed) {
			this.invalidated.add(changed.aggregateId());
		}

	}

}
