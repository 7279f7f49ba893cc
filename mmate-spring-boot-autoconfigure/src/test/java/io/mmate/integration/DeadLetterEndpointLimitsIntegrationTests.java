package io.mmate.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.mmate.autoconfigure.endpoint.MmateDeadLetterEndpoint;
import io.mmate.autoconfigure.endpoint.MmateDeadLetterEndpointAutoConfiguration;
import io.mmate.deadletter.DeadLetterPage;
import io.mmate.deadletter.DeadLetterView;
import io.mmate.integration.DeadLetterEndpointIntegrationTests.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The bounds of the dead-letter endpoint on a real broker: it serves only this service's dead letters, reads at most
 * a bounded depth, one operation at a time per queue, and puts what it read back at once.
 */
class DeadLetterEndpointLimitsIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final String service = IntegrationTestSupport.uniqueServiceName("dead-letter-limits-it");

	private final String queue = this.service + "-queue";

	private final String otherService = IntegrationTestSupport.uniqueServiceName("other-service-it");

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
		IntegrationTestSupport.deleteServiceQueues(this.otherService);
	}

	@Test
	void deadLettersOfAnotherServiceAreNeitherListedNorPurged() {
		runner().run((context) -> {
			String otherQueue = this.otherService + "-queue";
			new RabbitAdmin(rabbit(context)).declareQueue(new Queue("dlq." + otherQueue));
			rabbit(context).send("", "dlq." + otherQueue, message("secret", "card number 4111"));
			await().atMost(TIMEOUT).until(() -> count(context, "dlq." + otherQueue) == 1);
			MmateDeadLetterEndpoint endpoint = endpoint(context);
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.deadLetters(otherQueue, null, null))
				.withMessage("'" + otherQueue + "' is not a queue of this service; its dead letters are those of "
						+ this.queue);
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.purge(otherQueue));
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.replay(otherQueue, null, true, null));
			assertThat(count(context, "dlq." + otherQueue)).isOne();
		});
	}

	@Test
	void queueNameLongerThan255BytesIsABadRequest() {
		runner().run((context) -> assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> endpoint(context).deadLetters("q".repeat(250) + "-queue", null, null))
			.withMessage("The queue name is longer than 255 bytes"));
	}

	@Test
	void pageMayNotSkipMoreThanTheMaximumOffset() {
		runner().run((context) -> {
			MmateDeadLetterEndpoint endpoint = endpoint(context);
			assertThat(endpoint.deadLetters(this.queue, 1000, 100).messages()).isEmpty();
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.deadLetters(this.queue, 1001, 1))
				.withMessageContaining("the offset must be 0 to 1000");
		});
	}

	@Test
	void concurrentListingsEachGetTheirPageOrAreToldToComeBackAndNothingStaysOut() throws Exception {
		runner().run((context) -> {
			int total = 1500;
			for (int i = 0; i < total; i++) {
				rabbit(context).send("", "dlq." + this.queue, message(id(i), "body " + i));
			}
			await().atMost(TIMEOUT).until(() -> count(context, "dlq." + this.queue) == total);
			List<String> expected = IntStream.range(1000, 1100).mapToObj(DeadLetterEndpointLimitsIntegrationTests::id)
				.toList();
			MmateDeadLetterEndpoint endpoint = endpoint(context);
			ExecutorService executor = Executors.newFixedThreadPool(10);
			try {
				List<Future<DeadLetterPage>> listings = new ArrayList<>();
				Callable<DeadLetterPage> listing = () -> endpoint.deadLetters(this.queue, 1000, 100);
				for (int i = 0; i < 10; i++) {
					listings.add(executor.submit(listing));
				}
				int pages = 0;
				int busy = 0;
				for (Future<DeadLetterPage> future : listings) {
					try {
						assertThat(future.get().messages()).extracting(DeadLetterView::messageId)
							.containsExactlyElementsOf(expected);
						pages++;
					}
					catch (java.util.concurrent.ExecutionException ex) {
						assertThat(ex.getCause()).hasMessageContaining("still running");
						busy++;
					}
				}
				System.out.printf("10 concurrent listings at offset 1000 of %d dead letters: %d pages, %d busy%n",
						total, pages, busy);
				assertThat(pages).isPositive();
			}
			finally {
				executor.shutdownNow();
			}
			// Every listing has given its messages back as it returned; the broker takes a moment to requeue them.
			long returned = System.nanoTime();
			await().atMost(Duration.ofSeconds(2)).until(() -> count(context, "dlq." + this.queue) == total);
			System.out.printf("all %d dead letters ready again %d ms after the last listing%n", total,
					(System.nanoTime() - returned) / 1_000_000);
			assertThat(endpoint.deadLetters(this.queue, 0, 100).messages()).extracting(DeadLetterView::messageId)
				.containsExactlyElementsOf(
						IntStream.range(0, 100).mapToObj(DeadLetterEndpointLimitsIntegrationTests::id).toList());
		});
	}

	private ApplicationContextRunner runner() {
		return IntegrationTestSupport.runner()
			.withConfiguration(AutoConfigurations.of(MmateDeadLetterEndpointAutoConfiguration.class))
			.withPropertyValues("mmate.service-name=" + this.service,
					"management.endpoints.web.exposure.include=" + MmateDeadLetterEndpoint.ID)
			.withUserConfiguration(Worker.class);
	}

	private static String id(int number) {
		return String.format("m-%04d", number);
	}

	private static Message message(String messageId, String body) {
		MessageProperties properties = new MessageProperties();
		properties.setMessageId(messageId);
		return new Message(body.getBytes(StandardCharsets.UTF_8), properties);
	}

	private static long count(ApplicationContext context, String queue) {
		return new RabbitAdmin(rabbit(context)).getQueueInfo(queue).getMessageCount();
	}

	private static RabbitTemplate rabbit(ApplicationContext context) {
		return context.getBean(RabbitTemplate.class);
	}

	private static MmateDeadLetterEndpoint endpoint(ApplicationContext context) {
		return context.getBean(MmateDeadLetterEndpoint.class);
	}

}
