package io.mmate.integration;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.rabbitmq.client.Channel;
import io.mmate.PermanentFailureException;
import io.mmate.autoconfigure.MmateStageFlowAutoConfiguration;
import io.mmate.stageflow.CompensationResult;
import io.mmate.stageflow.StageContext;
import io.mmate.stageflow.StageFlowQueues;
import io.mmate.stageflow.Workflow;
import io.mmate.stageflow.WorkflowFailedException;
import io.mmate.stageflow.WorkflowRunner;
import io.mmate.stageflow.WorkflowStatus;
import io.mmate.stageflow.WorkflowStatusStore;
import io.mmate.testsupport.GoEnvelopes;
import io.mmate.testsupport.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * StageFlow workflows on the broker: many instances of a three-stage workflow complete; a stage failing for good
 * compensates the completed stages in reverse order, per instance; and a stage message exactly as a Go stage sends
 * it is run by the Java stages that follow.
 */
class StageFlowEngineIntegrationTests {

	static final String FULFIL = "it-fulfil-" + UUID.randomUUID().toString().substring(0, 8);

	static final String GO_WORKFLOW = "it-go-" + UUID.randomUUID().toString().substring(0, 8);

	static final String QUORUM_WORKFLOW = "it-quorum-" + UUID.randomUUID().toString().substring(0, 8);

	static final String RESTART_WORKFLOW = "it-restart-" + UUID.randomUUID().toString().substring(0, 8);

	private final String service = IntegrationTestSupport.uniqueServiceName("stageflow-engine-it");

	@AfterAll
	static void deleteQueues() {
		IntegrationTestSupport.deleteWorkflowQueues(3, FULFIL, GO_WORKFLOW, QUORUM_WORKFLOW, RESTART_WORKFLOW);
	}

	private ApplicationContextRunner runner() {
		return IntegrationTestSupport.runner()
			.withConfiguration(AutoConfigurations.of(MmateStageFlowAutoConfiguration.class))
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.retry.initial-backoff=10ms",
					"mmate.stageflow.consumers=2");
	}

	@Test
	void thousandWorkflowsOfThreeStagesComplete() {
		runner().withUserConfiguration(Fulfilment.class).run((context) -> {
			WorkflowRunner runner = context.getBean(WorkflowRunner.class);
			@SuppressWarnings("unchecked")
			Workflow<Order> workflow = context.getBean(Workflow.class);
			int count = 1000;
			long start = System.nanoTime();
			List<CompletableFuture<Order>> results = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				results.add(runner.run(workflow, Order.of("ORD-" + i, false, false), Duration.ofMinutes(2)));
			}
			CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			int complete = 0;
			for (int i = 0; i < count; i++) {
				Order order = results.get(i).join();
				assertThat(order.orderId()).isEqualTo("ORD-" + i);
				assertThat(order.steps()).containsExactly("reserve", "charge", "ship");
				assertThat(order.amount()).isEqualByComparingTo("149.97");
				complete++;
			}
			assertThat(context.getBean(Journal.class).undone).isEmpty();
			System.out.println("StageFlow: " + complete + " of " + count + " workflows of 3 stages completed in "
					+ millis + " ms (" + (count * 3) + " stage messages, " + (count * 4) + " events)");
			assertThat(complete).isEqualTo(count);
		});
	}

	@Test
	void stageFailingForGoodCompensatesCompletedStagesInReverseOrder() {
		runner().withUserConfiguration(Fulfilment.class).run((context) -> {
			WorkflowRunner runner = context.getBean(WorkflowRunner.class);
			@SuppressWarnings("unchecked")
			Workflow<Order> workflow = context.getBean(Workflow.class);
			Journal journal = context.getBean(Journal.class);
			WorkflowStatusStore store = context.getBean(WorkflowStatusStore.class);
			int count = 100;
			List<WorkflowRunner.Execution<Order>> executions = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				executions.add(runner.start(workflow, Order.of("ORD-" + i, i % 4 == 0, i % 5 == 0)));
			}
			int completed = 0;
			int compensated = 0;
			int retried = 0;
			for (int i = 0; i < count; i++) {
				WorkflowRunner.Execution<Order> execution = executions.get(i);
				String instance = execution.instanceId();
				CompletableFuture<Order> result = execution.result().orTimeout(2, TimeUnit.MINUTES);
				if (i % 5 == 0) {
					retried++;
				}
				if (i % 4 == 0) {
					assertThat(result).failsWithin(Duration.ofMinutes(2))
						.withThrowableThat()
						.havingCause()
						.isInstanceOfSatisfying(WorkflowFailedException.class, (failed) -> {
							assertThat(failed.failedStageId()).isEqualTo("ship");
							assertThat(failed.compensations()).extracting(CompensationResult::stageId)
								.containsExactly("charge", "reserve");
							assertThat(failed.compensations()).extracting(CompensationResult::compensationIndex)
								.containsExactly(1, 0);
							assertThat(failed.compensations()).extracting(CompensationResult::status)
								.containsOnly("completed");
						});
					// Each compensation ran once, last completed stage first, with that stage's own result.
					assertThat(journal.undone.get(instance)).containsExactly("charge", "reserve:RES-ORD-" + i);
					await().atMost(Duration.ofSeconds(10))
						.until(() -> store.find(instance).map(WorkflowStatus::status).orElse(""),
								"compensated"::equals);
					compensated++;
				}
				else {
					assertThat(result).succeedsWithin(Duration.ofMinutes(2))
						.satisfies((order) -> assertThat(order.steps()).containsExactly("reserve", "charge", "ship"));
					assertThat(journal.undone).doesNotContainKey(instance);
					assertThat(store.find(instance)).get()
						.satisfies((status) -> assertThat(status.status()).isEqualTo("completed"));
					completed++;
				}
			}
			System.out.println("StageFlow: of " + count + " workflows, " + completed + " completed and " + compensated
					+ " failed at 'ship' and were compensated in reverse order (charge, then reserve), checked per "
					+ "instance; " + retried + " passed 'charge' on its second in-process attempt ("
					+ journal.chargeAttempts.get() + " charge attempts for " + count + " instances)");
			assertThat(completed).isEqualTo(75);
			assertThat(compensated).isEqualTo(25);
			assertThat(journal.chargeAttempts.get()).isEqualTo(count + retried);
		});
	}

	@Test
	void javaStagesRunAStageMessageExactlyAsAGoStageSendsIt() {
		runner().withUserConfiguration(GoStartedFulfilment.class).run((context) -> {
			String body = new String(GoEnvelopes.fixture("stageflow-flow-envelope.json"), StandardCharsets.UTF_8)
				.replace("order-fulfilment", GO_WORKFLOW);
			String instance = "5d1f2a3b-8c7e-4f60-9a1b-2c3d4e5f6a7b";
			publishAsGo(GoEnvelopes.delivery(body.getBytes(StandardCharsets.UTF_8)),
					StageFlowQueues.stage(GO_WORKFLOW, 1));
			WorkflowStatusStore store = context.getBean(WorkflowStatusStore.class);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> store.find(instance).map(WorkflowStatus::status).orElse(""), "completed"::equals);
			GoStages seen = context.getBean(GoStages.class);
			assertThat(seen.charged).containsExactly(new GoOrder("ORD-20250708-0042", new BigDecimal("149.97")));
			assertThat(seen.shipped).containsExactly(new GoOrder("ORD-20250708-0042", new BigDecimal("149.97")));
			assertThat(seen.reserved).isEmpty();
			WorkflowStatus status = store.find(instance).orElseThrow();
			assertThat(status.completedStages()).isEqualTo(3);
			System.out.println("StageFlow: a Go stage message for stage 1 of '" + GO_WORKFLOW + "' ran "
					+ seen.charged.size() + " Java charge-payment and " + seen.shipped.size()
					+ " Java ship stage; the instance completed with " + status.completedStages() + " of "
					+ status.totalStages() + " stages (reserve-stock's from Go)");
		});
	}

	@Test
	void hostileStageMessagesGoToTheDeadLetterQueueOnceAndTheNextMessageIsRun() {
		runner().withUserConfiguration(GoStartedFulfilment.class).run((context) -> {
			String valid = new String(GoEnvelopes.fixture("stageflow-flow-envelope.json"), StandardCharsets.UTF_8)
				.replace("order-fulfilment", GO_WORKFLOW);
			String instance = "5d1f2a3b-8c7e-4f60-9a1b-2c3d4e5f6a7b";
			// A state without its start time (every event needs it), and a body that is no flow envelope at all.
			String noStartTime = valid.replace(instance, "hostile-1").replaceAll("\\\\\"startTime\\\\\":\\\\\"[^\\\\]*\\\\\",", "");
			assertThat(noStartTime).doesNotContain("startTime\\\":\\\"2025-07-08T10:31:00.1Z");
			String stage = StageFlowQueues.stage(GO_WORKFLOW, 1);
			publishAsGo(GoEnvelopes.delivery(noStartTime.getBytes(StandardCharsets.UTF_8)), stage);
			publishAsGo(GoEnvelopes.delivery("{\"currentStageIndex\":\"one\"}".getBytes(StandardCharsets.UTF_8)),
					stage);
			publishAsGo(GoEnvelopes.delivery(valid.getBytes(StandardCharsets.UTF_8)), stage);
			WorkflowStatusStore store = context.getBean(WorkflowStatusStore.class);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> store.find(instance).map(WorkflowStatus::status).orElse(""), "completed"::equals);
			String deadLetters = StageFlowQueues.deadLetter(stage);
			await().atMost(Duration.ofSeconds(30)).until(() -> messageCount(deadLetters) == 2);
			// Each hostile message was delivered once and set aside: no stage ran for it, none runs again.
			GoStages seen = context.getBean(GoStages.class);
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> seen.charged.size() == 1);
			assertThat(seen.charged).containsExactly(new GoOrder("ORD-20250708-0042", new BigDecimal("149.97")));
		});
	}

	private static int messageCount(String queue) {
		CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();
		try (Connection connection = connectionFactory.createConnection();
				Channel channel = connection.createChannel(false)) {
			return (int) channel.messageCount(queue);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			connectionFactory.destroy();
		}
	}

	@Test
	void stageQueuesAreQuorumQueuesWithGoArgumentsWhenTheQueueTypeIsQuorum() {
		runner().withPropertyValues("mmate.queue.type=quorum")
			.withUserConfiguration(QuorumFulfilment.class)
			.run((context) -> {
				@SuppressWarnings("unchecked")
				Workflow<GoOrder> workflow = context.getBean(Workflow.class);
				GoOrder done = context.getBean(WorkflowRunner.class)
					.run(workflow, new GoOrder("ORD-Q", BigDecimal.ONE), Duration.ofSeconds(30))
					.get(30, TimeUnit.SECONDS);
				assertThat(done.orderId()).isEqualTo("ORD-Q");
				CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();
				try (Connection connection = connectionFactory.createConnection()) {
					String stage = StageFlowQueues.stage(QUORUM_WORKFLOW, 0);
					// The broker accepts a declaration only with the arguments the queue has.
					try (Channel channel = connection.createChannel(false)) {
						channel.queueDeclare(stage, true, false, false, Map.of("x-queue-type", "quorum",
								"x-message-ttl", 3600000, "x-dead-letter-exchange", "",
								"x-dead-letter-routing-key", "dlq." + stage));
					}
					Channel classic = connection.createChannel(false);
					assertThat(catchThrowable(() -> classic.queueDeclare(stage, true,
							false, false, Map.of("x-message-ttl", 3600000, "x-dead-letter-exchange", "",
									"x-dead-letter-routing-key", "dlq." + stage))))
						.hasStackTraceContaining("x-queue-type");
				}
				finally {
					connectionFactory.destroy();
				}
				System.out.println("StageFlow: with mmate.queue.type=quorum, " + StageFlowQueues.stage(QUORUM_WORKFLOW, 0)
						+ " is a quorum queue with Go's TTL and dead-letter arguments, and a workflow completes on it");
			});
	}

	@Test
	void workflowsCompleteWhenTheStageWorkerStopsMidWorkflowAndAnotherTakesOver() {
		int count = 1000;
		List<String> instances = new ArrayList<>();
		RestartJournal journal = RestartFulfilment.JOURNAL;
		runner().withUserConfiguration(RestartFulfilment.class).run((context) -> {
			WorkflowRunner runner = context.getBean(WorkflowRunner.class);
			@SuppressWarnings("unchecked")
			Workflow<GoOrder> workflow = context.getBean(Workflow.class);
			for (int i = 0; i < count; i++) {
				instances.add(runner.start(workflow, new GoOrder("ORD-" + i, BigDecimal.TEN)).instanceId());
			}
			await().atMost(Duration.ofMinutes(1)).until(() -> journal.shipped() >= count / 5);
			// Stopped mid-workflow: what it holds unacknowledged goes back to the queues.
			context.close();
		});
		int shippedByFirst = journal.shipped();
		long start = System.nanoTime();
		runner().withUserConfiguration(RestartFulfilment.class).run((context) -> {
			await().atMost(Duration.ofMinutes(2)).until(() -> journal.shipped() == count);
		});
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		for (String instance : instances) {
			for (String stage : List.of("reserve-stock", "charge-payment", "ship")) {
				assertThat(journal.runs.get(instance + "/" + stage)).as(instance + "/" + stage).isNotNull();
			}
		}
		int runs = journal.runs.values().stream().mapToInt(AtomicInteger::get).sum();
		int duplicates = runs - journal.runs.size();
		System.out.println("StageFlow: " + journal.shipped() + " of " + count + " workflows completed after the "
				+ "first worker stopped with " + shippedByFirst + " shipped; the second finished the rest in "
				+ millis + " ms; " + runs + " stage runs for " + journal.runs.size() + " instance stages, "
				+ duplicates + " duplicates (at least once)");
		assertThat(journal.shipped()).isEqualTo(count);
	}

	private static void publishAsGo(Message go, String queue) throws Exception {
		CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();
		try (Connection connection = connectionFactory.createConnection();
				Channel channel = connection.createChannel(false)) {
			GoStagePublisher.publish(channel, go, queue);
		}
		finally {
			connectionFactory.destroy();
		}
	}

	record Order(String orderId, BigDecimal amount, boolean failAtShip, boolean flakyCharge, List<String> steps) {

		static Order of(String orderId, boolean failAtShip, boolean flakyCharge) {
			return new Order(orderId, new BigDecimal("149.97"), failAtShip, flakyCharge, List.of());
		}

		Order step(String step) {
			List<String> next = new ArrayList<>(this.steps);
			next.add(step);
			return new Order(this.orderId, this.amount, this.failAtShip, this.flakyCharge, next);
		}

	}

	static class Journal {

		final Map<String, List<String>> undone = new ConcurrentHashMap<>();

		final AtomicInteger chargeAttempts = new AtomicInteger();

		void undo(String instance, String what) {
			this.undone.computeIfAbsent(instance, (key) -> new CopyOnWriteArrayList<>()).add(what);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Fulfilment {

		@Bean
		Journal journal() {
			return new Journal();
		}

		@Bean
		Workflow<Order> fulfilment(Journal journal) {
			return Workflow.define(FULFIL, Order.class)
				.name("Order fulfilment")
				.stage("reserve", (order, context) -> {
					context.put("reservationId", "RES-" + order.orderId());
					return order.step("reserve");
				}, (order, original, context) -> journal.undo(context.instanceId(),
						"reserve:" + original.data().get("reservationId")))
				.stage("charge", (order, context) -> {
					journal.chargeAttempts.incrementAndGet();
					if (order.flakyCharge() && context.attempt() == 1) {
						throw new IllegalStateException("payment gateway timed out");
					}
					return order.step("charge");
				}, (order, original, context) -> journal.undo(context.instanceId(), "charge"))
				.stage("ship", (order, context) -> {
					if (order.failAtShip()) {
						throw new PermanentFailureException("no carrier for " + order.orderId());
					}
					return order.step("ship");
				})
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class QuorumFulfilment {

		@Bean
		Workflow<GoOrder> quorumFulfilment() {
			return Workflow.define(QUORUM_WORKFLOW, GoOrder.class)
				.stage("reserve-stock", (order, context) -> order)
				.stage("ship", (order, context) -> order)
				.build();
		}

	}

	static class RestartJournal {

		final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

		void ran(String instance, String stage) {
			this.runs.computeIfAbsent(instance + "/" + stage, (key) -> new AtomicInteger()).incrementAndGet();
		}

		int shipped() {
			return (int) this.runs.keySet().stream().filter((key) -> key.endsWith("/ship")).count();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RestartFulfilment {

		// Shared by the two applications of the test, as a database would be.
		static final RestartJournal JOURNAL = new RestartJournal();

		@Bean
		Workflow<GoOrder> restartFulfilment() {
			return Workflow.define(RESTART_WORKFLOW, GoOrder.class)
				.stage("reserve-stock", (order, context) -> run(order, context))
				.stage("charge-payment", (order, context) -> run(order, context))
				.stage("ship", (order, context) -> run(order, context))
				.build();
		}

		private static GoOrder run(GoOrder order, StageContext context) {
			JOURNAL.ran(context.instanceId(), context.stageId());
			return order;
		}

	}

	record GoOrder(String orderId, BigDecimal amount) {

	}

	static class GoStages {

		final List<GoOrder> reserved = new CopyOnWriteArrayList<>();

		final List<GoOrder> charged = new CopyOnWriteArrayList<>();

		final List<GoOrder> shipped = new CopyOnWriteArrayList<>();

	}

	@Configuration(proxyBeanMethods = false)
	static class GoStartedFulfilment {

		@Bean
		GoStages goStages() {
			return new GoStages();
		}

		@Bean
		Workflow<GoOrder> goStartedFulfilment(GoStages seen) {
			return Workflow.define(GO_WORKFLOW, GoOrder.class).stage("reserve-stock", (order, context) -> {
				seen.reserved.add(order);
				return order;
			}).stage("charge-payment", (order, context) -> {
				seen.charged.add(order);
				context.put("paymentId", "PAY-1");
				return order;
			}).stage("ship", (order, context) -> {
				seen.shipped.add(order);
				return order;
			}).build();
		}

	}

}
