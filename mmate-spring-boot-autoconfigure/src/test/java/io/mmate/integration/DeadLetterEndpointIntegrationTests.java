package io.mmate.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.mmate.Command;
import io.mmate.MessageContext;
import io.mmate.MessagePublisher;
import io.mmate.MmateHandler;
import io.mmate.PermanentFailureException;
import io.mmate.autoconfigure.endpoint.MmateDeadLetterEndpoint;
import io.mmate.autoconfigure.endpoint.MmateDeadLetterEndpointAutoConfiguration;
import io.mmate.deadletter.DeadLetterPage;
import io.mmate.deadletter.DeadLetterView;
import io.mmate.deadletter.ReplayResult;
import io.mmate.failure.DeadLetterHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
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
 * The dead-letter endpoint on a real broker: messages dead-lettered by a failing handler are listed without being
 * removed, replayed with a fresh attempt count once the handler works, and purged.
 */
class DeadLetterEndpointIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final String service = IntegrationTestSupport.uniqueServiceName("dead-letter-it");

	private final String queue = this.service + "-queue";

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	@Test
	void listShowsTheDeadLettersWithTheirFailureAndLeavesThemInTheQueue() {
		runner().run((context) -> {
			List<String> ids = deadLetter(context, "a", "b", "c");
			MmateDeadLetterEndpoint endpoint = context.getBean(MmateDeadLetterEndpoint.class);
			DeadLetterPage page = endpoint.deadLetters(this.queue, null, null);
			assertThat(page.queue()).isEqualTo(this.queue);
			assertThat(page.deadLetterQueue()).isEqualTo("dlq." + this.queue);
			assertThat(page.total()).isEqualTo(3);
			assertThat(page.messages()).extracting(DeadLetterView::messageId).containsExactlyElementsOf(ids);
			DeadLetterView first = page.messages().get(0);
			assertThat(first.type()).isEqualTo("Work");
			assertThat(first.redelivered()).isFalse();
			assertThat(first.body()).contains("\"name\":\"a\"");
			assertThat(first.headers()).containsEntry(DeadLetterHeaders.REASON, "handler-failed")
				.containsEntry(DeadLetterHeaders.EXCEPTION_TYPE, PermanentFailureException.class.getName())
				.containsEntry(DeadLetterHeaders.EXCEPTION_MESSAGE, "work 'a' is invalid")
				.containsEntry(DeadLetterHeaders.ATTEMPTS, "1")
				.containsEntry(DeadLetterHeaders.ORIGINAL_QUEUE, this.queue)
				.containsEntry(DeadLetterHeaders.ORIGINAL_EXCHANGE, "mmate.commands")
				.containsEntry(DeadLetterHeaders.SERVICE, this.service)
				.containsKeys(DeadLetterHeaders.FIRST_FAILURE, DeadLetterHeaders.LAST_FAILURE,
						DeadLetterHeaders.STACK_TRACE);
			await().atMost(TIMEOUT).until(() -> deadLetterCount(context) == 3);
			DeadLetterPage again = endpoint.deadLetters(this.queue, null, null);
			assertThat(again.messages()).extracting(DeadLetterView::messageId).containsExactlyElementsOf(ids);
			assertThat(again.messages()).allMatch(DeadLetterView::redelivered);
		});
	}

	@Test
	void listPagesByOffsetAndLimit() {
		runner().run((context) -> {
			List<String> ids = deadLetter(context, "a", "b", "c", "d", "e");
			MmateDeadLetterEndpoint endpoint = context.getBean(MmateDeadLetterEndpoint.class);
			DeadLetterPage page = endpoint.deadLetters(this.queue, 1, 2);
			assertThat(page.total()).isEqualTo(5);
			assertThat(page.offset()).isEqualTo(1);
			assertThat(page.limit()).isEqualTo(2);
			assertThat(page.messages()).extracting(DeadLetterView::messageId).containsExactly(ids.get(1), ids.get(2));
			await().atMost(TIMEOUT).until(() -> deadLetterCount(context) == 5);
			assertThat(endpoint.deadLetters(this.queue, 4, 20).messages()).extracting(DeadLetterView::messageId)
				.containsExactly(ids.get(4));
			assertThat(endpoint.deadLetters(this.queue, 5, 20).messages()).isEmpty();
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.deadLetters(this.queue, 0, 101))
				.withMessageContaining("limit 1 to 100");
			await().atMost(TIMEOUT).until(() -> deadLetterCount(context) == 5);
		});
	}

	@Test
	void replayOfOneMessageIdSendsExactlyThatMessageBackWithAFreshAttemptCount() {
		runner().run((context) -> {
			List<String> ids = deadLetter(context, "a", "b", "c");
			Worker worker = context.getBean(Worker.class);
			worker.failing.set(false);
			ReplayResult result = context.getBean(MmateDeadLetterEndpoint.class)
				.replay(this.queue, ids.get(1), null, null);
			assertThat(result.replayed()).containsExactly(ids.get(1));
			assertThat(result.failed()).isEmpty();
			await().atMost(TIMEOUT).until(() -> worker.handled.size() == 1);
			assertThat(worker.handled).containsExactly("b attempts=null first-failure=null");
			await().atMost(TIMEOUT).until(() -> deadLetterCount(context) == 2);
			assertThat(endpoint(context).deadLetters(this.queue, null, null).messages())
				.extracting(DeadLetterView::messageId)
				.containsExactly(ids.get(0), ids.get(2));
		});
	}

	@Test
	void replayedMessageThatFailsAgainIsDeadLetteredWithOneAttemptAndItsOriginalRoute() {
		runner().run((context) -> {
			String id = deadLetter(context, "a").get(0);
			endpoint(context).replay(this.queue, id, null, null);
			Message deadLetter = rabbit(context).receive("dlq." + this.queue, TIMEOUT.toMillis());
			assertThat(deadLetter).isNotNull();
			MessageProperties properties = deadLetter.getMessageProperties();
			assertThat(properties.getMessageId()).isEqualTo(id);
			assertThat((Long) properties.getHeader(DeadLetterHeaders.ATTEMPTS)).isEqualTo(1L);
			assertThat((String) properties.getHeader(DeadLetterHeaders.ORIGINAL_EXCHANGE)).isEqualTo("mmate.commands");
			assertThat((String) properties.getHeader(DeadLetterHeaders.ORIGINAL_ROUTING_KEY))
				.isEqualTo("cmd." + this.service + ".Work");
			assertThat(context.getBean(Worker.class).attempts).hasSize(2);
		});
	}

	@Test
	void replayThatTheBrokerDoesNotConfirmLeavesTheMessageInTheDeadLetterQueue() {
		runner().run((context) -> {
			deadLetter(context, "a");
			// A dead letter whose queue has gone: the mandatory copy comes back unroutable.
			MessageProperties properties = new MessageProperties();
			properties.setMessageId("orphan");
			properties.setHeader(DeadLetterHeaders.ORIGINAL_QUEUE, "gone-" + this.queue);
			rabbit(context).send("", "dlq." + this.queue, new Message("{}".getBytes(), properties));
			await().atMost(TIMEOUT).until(() -> deadLetterCount(context) == 2);
			ReplayResult result = endpoint(context).replay(this.queue, "orphan", null, null);
			assertThat(result.replayed()).isEmpty();
			assertThat(result.failed()).singleElement().satisfies((failure) -> {
				assertThat(failure.messageId()).isEqualTo("orphan");
				assertThat(failure.error()).contains("gone-" + this.queue);
			});
			await().atMost(TIMEOUT).until(() -> deadLetterCount(context) == 2);
			assertThat(endpoint(context).deadLetters(this.queue, null, null).messages())
				.extracting(DeadLetterView::messageId)
				.contains("orphan");
		});
	}

	@Test
	void replayAllReplaysTheOldestUpToTheMaximumThenTheRest() {
		runner().run((context) -> {
			List<String> ids = deadLetter(context, "a", "b", "c", "d");
			Worker worker = context.getBean(Worker.class);
			worker.failing.set(false);
			ReplayResult first = endpoint(context).replay(this.queue, null, true, 3);
			assertThat(first.replayed()).containsExactlyElementsOf(ids.subList(0, 3));
			await().atMost(TIMEOUT).until(() -> worker.handled.size() == 3);
			await().atMost(TIMEOUT).until(() -> deadLetterCount(context) == 1);
			ReplayResult rest = endpoint(context).replay(this.queue, null, true, null);
			assertThat(rest.replayed()).containsExactly(ids.get(3));
			await().atMost(TIMEOUT).until(() -> worker.handled.size() == 4);
			assertThat(worker.handled).containsExactlyInAnyOrder("a attempts=null first-failure=null",
					"b attempts=null first-failure=null", "c attempts=null first-failure=null",
					"d attempts=null first-failure=null");
			assertThat(deadLetterCount(context)).isZero();
		});
	}

	@Test
	void purgeEmptiesTheDeadLetterQueue() {
		runner().run((context) -> {
			deadLetter(context, "a", "b", "c");
			assertThat(endpoint(context).purge(this.queue).purged()).isEqualTo(3);
			assertThat(deadLetterCount(context)).isZero();
			assertThat(endpoint(context).deadLetters(this.queue, null, null).messages()).isEmpty();
		});
	}

	@Test
	void queueThatIsNotThisServicesQueueIsAClearError() {
		runner().run((context) -> {
			MmateDeadLetterEndpoint endpoint = endpoint(context);
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.deadLetters("unknown-" + this.queue, null, null))
				.withMessage("'unknown-" + this.queue + "' is not a queue of this service; its dead letters are those "
						+ "of " + this.queue);
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.purge(this.service))
				.withMessageContaining("'" + this.service + "' is not a queue of this service");
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.replay("dlq." + this.queue, null, true, null))
				.withMessageContaining("is not a queue of this service");
		});
	}

	@Test
	void serviceQueueWithoutADeadLetterQueueIsAClearError() {
		runner().run((context) -> {
			new RabbitAdmin(rabbit(context)).deleteQueue("dlq." + this.queue);
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint(context).deadLetters(this.queue, null, null))
				.withMessage("'" + this.queue + "' is not a service queue with a dead-letter queue: there is no queue "
						+ "'dlq." + this.queue + "' on the broker");
		});
	}

	@Test
	void replayNeedsEitherAMessageIdThatIsThereOrAll() {
		runner().run((context) -> {
			deadLetter(context, "a");
			MmateDeadLetterEndpoint endpoint = endpoint(context);
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.replay(this.queue, null, null, null))
				.withMessageContaining("Give either a 'messageId'");
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.replay(this.queue, "x", true, null))
				.withMessageContaining("Give either a 'messageId'");
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.replay(this.queue, "no-such-id", null, null))
				.withMessage("No message with id 'no-such-id' is ready among the first 1 of 'dlq." + this.queue + "'");
			await().atMost(TIMEOUT).until(() -> deadLetterCount(context) == 1);
		});
	}

	private ApplicationContextRunner runner() {
		return IntegrationTestSupport.runner()
			.withConfiguration(AutoConfigurations.of(MmateDeadLetterEndpointAutoConfiguration.class))
			.withPropertyValues("mmate.service-name=" + this.service,
					"management.endpoints.web.exposure.include=" + MmateDeadLetterEndpoint.ID)
			.withUserConfiguration(Worker.class);
	}

	/**
	 * Send one command per name to the failing worker and wait until all are dead-lettered.
	 * @return their message ids, in sending order
	 */
	private List<String> deadLetter(ApplicationContext context, String... names) throws Exception {
		MessagePublisher publisher = context.getBean(MessagePublisher.class);
		List<String> ids = new ArrayList<>();
		for (String name : names) {
			ids.add(publisher.sendCommand(new Work(name), this.service).get().messageId());
			// One at a time, so the dead-letter queue holds them in sending order.
			int expected = ids.size();
			await().atMost(TIMEOUT).until(() -> deadLetterCount(context) == expected);
		}
		return ids;
	}

	private long deadLetterCount(ApplicationContext context) {
		return new RabbitAdmin(rabbit(context)).getQueueInfo("dlq." + this.queue).getMessageCount();
	}

	private static RabbitTemplate rabbit(ApplicationContext context) {
		return context.getBean(RabbitTemplate.class);
	}

	private static MmateDeadLetterEndpoint endpoint(ApplicationContext context) {
		return context.getBean(MmateDeadLetterEndpoint.class);
	}

	record Work(String name) implements Command {
	}

	static class Worker {

		final AtomicBoolean failing = new AtomicBoolean(true);

		final List<String> attempts = new CopyOnWriteArrayList<>();

		final List<String> handled = new CopyOnWriteArrayList<>();

		@MmateHandler
		void on(Work work, MessageContext context) {
			this.attempts.add(work.name());
			if (this.failing.get()) {
				throw new PermanentFailureException("work '" + work.name() + "' is invalid");
			}
			Map<String, Object> headers = context.headers();
			this.handled.add(work.name() + " attempts=" + headers.get(DeadLetterHeaders.ATTEMPTS) + " first-failure="
					+ headers.get(DeadLetterHeaders.FIRST_FAILURE));
		}

	}

}
