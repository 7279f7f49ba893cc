package io.mmate.integration;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.mmate.Event;
import io.mmate.MessagePublisher;
import io.mmate.PermanentFailureException;
import io.mmate.autoconfigure.MmateStageFlowAutoConfiguration;
import io.mmate.failure.DeadLetterHeaders;
import io.mmate.stageflow.StageFlowQueues;
import io.mmate.stageflow.Workflow;
import io.mmate.stageflow.WorkflowCompletedEvent;
import io.mmate.stageflow.WorkflowFailedException;
import io.mmate.stageflow.WorkflowRunner;
import io.mmate.stageflow.WorkflowStatus;
import io.mmate.stageflow.WorkflowStatusStore;
import io.mmate.testsupport.GoEnvelopes;
import io.mmate.testsupport.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * StageFlow across processes and services: a stage worker killed with SIGKILL mid-workflow, another finishing its
 * instances, and the futures of the process that started them completing from the end events; a Java service that
 * runs one stage of a workflow whose other stages are Go's; a failing stage sent back to its queue after the retry
 * policy's delays, and compensated once they are used up.
 */
class StageFlowAcrossProcessesIntegrationTests {

	static final String KILLED = "it-killed-" + UUID.randomUUID().toString().substring(0, 8);

	static final String MIXED = "it-mixed-" + UUID.randomUUID().toString().substring(0, 8);

	static final String REDELIVERED = "it-redelivered-" + UUID.randomUUID().toString().substring(0, 8);

	private final String service = IntegrationTestSupport.uniqueServiceName("stageflow-processes-it");

	@AfterAll
	static void deleteQueues() {
		IntegrationTestSupport.deleteWorkflowQueues(3, KILLED, MIXED, REDELIVERED);
	}

	private ApplicationContextRunner runner() {
		return IntegrationTestSupport.runner()
			.withConfiguration(AutoConfigurations.of(MmateStageFlowAutoConfiguration.class))
			.withPropertyValues("mmate.service-name=" + this.service, "mmate.retry.initial-backoff=10ms");
	}

	@Test
	void workflowsCompleteWhenTheStageWorkerIsKilledWithSigkillAndTheStarterSeesTheirEnd() {
		int count = 300;
		Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
		// This process only starts instances: every stage is remote, so the futures complete from the end events
		// that the worker processes publish.
		runner().withUserConfiguration(RemoteFulfilment.class).run((context) -> {
			WorkflowRunner runner = context.getBean(WorkflowRunner.class);
			@SuppressWarnings("unchecked")
			Workflow<Order> workflow = context.getBean(Workflow.class);
			WorkerProcess first = WorkerProcess.start(KILLED, this.service + "-worker", runs);
			List<WorkflowRunner.Execution<Order>> executions = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				executions.add(runner.start(workflow, new Order("ORD-" + i, BigDecimal.TEN)));
			}
			await().atMost(Duration.ofMinutes(2)).until(() -> shipped(runs) >= count / 3);
			int exit = first.kill();
			int shippedByFirst = shipped(runs);
			int completedBeforeSecond = (int) executions.stream().filter((e) -> e.result().isDone()).count();
			long start = System.nanoTime();
			WorkerProcess second = WorkerProcess.start(KILLED, this.service + "-worker", runs);
			try {
				CompletableFuture.allOf(executions.stream().map(WorkflowRunner.Execution::result)
					.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
			}
			finally {
				second.kill();
			}
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			WorkflowStatusStore store = context.getBean(WorkflowStatusStore.class);
			for (int i = 0; i < count; i++) {
				WorkflowRunner.Execution<Order> execution = executions.get(i);
				assertThat(execution.result().join().orderId()).isEqualTo("ORD-" + i);
				for (String stage : List.of("reserve-stock", "charge-payment", "ship")) {
					assertThat(runs.get(execution.instanceId() + " " + stage)).as(execution.instanceId() + " " + stage)
						.isNotNull();
				}
				assertThat(store.find(execution.instanceId())).get()
					.extracting(WorkflowStatus::status)
					.isEqualTo("completed");
			}
			int total = runs.values().stream().mapToInt(AtomicInteger::get).sum();
			int duplicates = total - runs.size();
			System.out.println("StageFlow: worker process killed with SIGKILL (exit " + exit + ") after shipping "
					+ shippedByFirst + " of " + count + " instances (" + completedBeforeSecond + " futures complete "
					+ "in the starting process by then); a second worker process finished the rest in " + millis
					+ " ms; all " + count + " futures completed from the workers' end events; " + total
					+ " stage runs for " + runs.size() + " instance stages, " + duplicates
					+ " duplicates (at least once)");
			assertThat(exit).isEqualTo(137);
			assertThat(runs).hasSize(count * 3);
		});
	}

	private static int shipped(Map<String, AtomicInteger> runs) {
		return (int) runs.keySet().stream().filter((key) -> key.endsWith(" ship")).count();
	}

	@Test
	void javaServiceRunsOnlyItsOwnStageOfAGoWorkflow() throws Exception {
		runner().withUserConfiguration(MixedFulfilment.class).run((context) -> {
			String body = new String(GoEnvelopes.fixture("stageflow-flow-envelope.json"), StandardCharsets.UTF_8)
				.replace("order-fulfilment", MIXED);
			String instance = "5d1f2a3b-8c7e-4f60-9a1b-2c3d4e5f6a7b";
			CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();
			try (Connection connection = connectionFactory.createConnection();
					Channel channel = connection.createChannel(false)) {
				// Go's stages are declared, not consumed: their messages wait for the Go service.
				assertThat(channel.consumerCount(StageFlowQueues.stage(MIXED, 0))).isZero();
				assertThat(channel.consumerCount(StageFlowQueues.stage(MIXED, 2))).isZero();
				assertThat(channel.consumerCount(StageFlowQueues.compensation(MIXED))).isZero();
				assertThat(channel.consumerCount(StageFlowQueues.stage(MIXED, 1))).isEqualTo(1);
				GoStagePublisher.publish(channel, GoEnvelopes.delivery(body.getBytes(StandardCharsets.UTF_8)),
						StageFlowQueues.stage(MIXED, 1));
				String next = StageFlowQueues.stage(MIXED, 2);
				GetResponse[] sent = new GetResponse[1];
				await().atMost(Duration.ofSeconds(30)).until(() -> (sent[0] = channel.basicGet(next, true)) != null);
				JsonNode envelope = JsonMapper.builder().build().readTree(sent[0].getBody());
				JsonNode payload = envelope.get("payload");
				assertThat(envelope.get("type").asString()).isEqualTo("FlowMessageEnvelope");
				assertThat(payload.get("instanceId").asString()).isEqualTo(instance);
				assertThat(payload.get("currentStageIndex").asInt()).isEqualTo(2);
				assertThat(payload.get("stageName").asString()).isEqualTo("ship");
				assertThat(payload.get("serializedWorkflowState").asString())
					.contains("\"stageId\":\"charge-payment\",\"status\":\"completed\"");
				// As Go's publisher sends every message: five minutes to live.
				assertThat(sent[0].getProps().getExpiration()).isEqualTo("300000");
				assertThat(envelope.get("headers").get("expiration").asString()).isEqualTo("300000");
			}
			finally {
				connectionFactory.destroy();
			}
			assertThat(context.getBean(Charges.class).charged).containsExactly("ORD-20250708-0042");
			System.out.println("StageFlow: of '" + MIXED + "' (reserve-stock and ship in Go), the Java service ran "
					+ "charge-payment only and sent ship's message to Go's queue as Go would, expiration 300000");
		});
	}

	@Test
	void failedStageRunsAgainAfterTheRetryDelaysAndIsCompensatedWhenTheyAreUsedUp() {
		runner().withPropertyValues("mmate.retry.handlers.FlowMessageEnvelope.max-attempts=2",
				"mmate.retry.handlers.FlowMessageEnvelope.delays=1s,1s")
			.withUserConfiguration(FlakyFulfilment.class)
			.run((context) -> {
				WorkflowRunner runner = context.getBean(WorkflowRunner.class);
				@SuppressWarnings("unchecked")
				Workflow<Order> workflow = context.getBean(Workflow.class);
				Charges charges = context.getBean(Charges.class);
				// Fails its first three calls: both attempts of its first delivery and the first of the second.
				WorkflowRunner.Execution<Order> recovers = runner.start(workflow, new Order("RECOVERS", BigDecimal.ONE));
				WorkflowRunner.Execution<Order> neverRecovers = runner.start(workflow,
						new Order("NEVER", BigDecimal.ONE));
				WorkflowRunner.Execution<Order> declined = runner.start(workflow, new Order("DECLINED", BigDecimal.ONE));
				assertThat(recovers.result()).succeedsWithin(Duration.ofSeconds(60));
				assertThat(neverRecovers.result()).failsWithin(Duration.ofSeconds(60))
					.withThrowableThat()
					.havingCause()
					.isInstanceOfSatisfying(WorkflowFailedException.class,
							(failed) -> assertThat(failed.failedStageId()).isEqualTo("charge"));
				assertThat(declined.result()).failsWithin(Duration.ofSeconds(60))
					.withThrowableThat()
					.havingCause()
					.isInstanceOf(WorkflowFailedException.class);
				// Two attempts per delivery, three deliveries: the first and the two delayed ones.
				assertThat(charges.calls("RECOVERS")).isEqualTo(4);
				assertThat(charges.calls("NEVER")).isEqualTo(6);
				assertThat(charges.calls("DECLINED")).isEqualTo(1);
				assertThat(charges.released).containsExactlyInAnyOrder("NEVER", "DECLINED");
				System.out.println("StageFlow: with 2 attempts and delays 1s,1s, a stage failing 3 times ran "
						+ charges.calls("RECOVERS") + " times and completed on its first redelivery; one failing "
						+ "always ran " + charges.calls("NEVER") + " times over 3 deliveries, then its completed "
						+ "stage was compensated; a permanent failure ran " + charges.calls("DECLINED")
						+ " time and was compensated at once");
			});
	}

	@Test
	void undecodableStageMessageGoesToTheDeadLetterQueueWithItsReason() throws Exception {
		runner().withUserConfiguration(MixedFulfilment.class).run((context) -> {
			String stage = StageFlowQueues.stage(MIXED, 1);
			CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();
			try (Connection connection = connectionFactory.createConnection();
					Channel channel = connection.createChannel(false)) {
				GoStagePublisher.publish(channel,
						GoEnvelopes.delivery("{\"currentStageIndex\":\"one\"}".getBytes(StandardCharsets.UTF_8)),
						stage);
				GetResponse[] dead = new GetResponse[1];
				await().atMost(Duration.ofSeconds(30))
					.until(() -> (dead[0] = channel.basicGet(StageFlowQueues.deadLetter(stage), true)) != null);
				Map<String, Object> headers = dead[0].getProps().getHeaders();
				assertThat(String.valueOf(headers.get(DeadLetterHeaders.REASON))).isEqualTo("undecodable");
				assertThat(String.valueOf(headers.get(DeadLetterHeaders.DESCRIPTION))).contains(stage);
				System.out.println("StageFlow: an unreadable stage message went to " + StageFlowQueues.deadLetter(stage)
						+ " with reason " + headers.get(DeadLetterHeaders.REASON) + ": "
						+ headers.get(DeadLetterHeaders.DESCRIPTION));
			}
			finally {
				connectionFactory.destroy();
			}
			assertThat(context.getBean(Charges.class).charged).isEmpty();
		});
	}

	@Test
	void anEndPublishedByAnotherProcessCompletesTheFutureAndHostileEndsAreIgnored() {
		runner().withUserConfiguration(RemoteFulfilment.class).run((context) -> {
			@SuppressWarnings("unchecked")
			Workflow<Order> workflow = context.getBean(Workflow.class);
			WorkflowRunner.Execution<Order> execution = context.getBean(WorkflowRunner.class)
				.start(workflow, new Order("ORD-ELSEWHERE", BigDecimal.TEN), Duration.ofSeconds(30));
			String instance = execution.instanceId();
			MessagePublisher publisher = context.getBean(MessagePublisher.class);
			CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();
			try (Connection connection = connectionFactory.createConnection();
					Channel channel = connection.createChannel(false)) {
				// Not an envelope at all; an end naming no instance; this instance's id under a workflow not defined
				// here, with other data.
				channel.basicPublish("mmate.events", "evt.hostile.WorkflowCompletedEvent",
						new AMQP.BasicProperties.Builder().type("WorkflowCompletedEvent").build(),
						"{\"type\":\"WorkflowCompletedEvent\",\"payload\":[".getBytes(StandardCharsets.UTF_8));
				publisher.publishEvent(completed("hostile", KILLED, null, "ORD-NOBODY")).get(10, TimeUnit.SECONDS);
				publisher.publishEvent(completed(instance, "not-" + KILLED, instance, "ORD-WRONG"))
					.get(10, TimeUnit.SECONDS);
				// Then the end as the process that ran the last stage publishes it.
				publisher.publishEvent(completed(instance, KILLED, instance, "ORD-ELSEWHERE")).get(10, TimeUnit.SECONDS);
			}
			finally {
				connectionFactory.destroy();
			}
			assertThat(execution.result()).succeedsWithin(Duration.ofSeconds(30))
				.extracting(Order::orderId)
				.isEqualTo("ORD-ELSEWHERE");
			assertThat(context.getBean(WorkflowStatusStore.class).find(instance)).get()
				.extracting(WorkflowStatus::status)
				.isEqualTo("completed");
		});
	}

	private static WorkflowCompletedEvent completed(String aggregateId, String workflowId, String instanceId,
			String orderId) {
		Instant now = Instant.now();
		return new WorkflowCompletedEvent(aggregateId, 5, "stageflow", workflowId, workflowId, instanceId, "completed",
				now, now, Duration.ZERO, 3, 3, 0, 0, List.of(), Map.of("orderId", orderId, "amount", 10), null, null);
	}

	@Test
	void aStatusStoreThatFailsDoesNotKeepTheFutureFromCompleting() {
		runner().withUserConfiguration(FlakyFulfilment.class)
			.withBean(WorkflowStatusStore.class, FailingStatusStore::new)
			.run((context) -> {
				@SuppressWarnings("unchecked")
				Workflow<Order> workflow = context.getBean(Workflow.class);
				FailingStatusStore store = context.getBean(FailingStatusStore.class);
				assertThat(context.getBean(WorkflowRunner.class)
					.run(workflow, new Order("ANY", BigDecimal.ONE), Duration.ofSeconds(30)))
					.succeedsWithin(Duration.ofSeconds(30));
				assertThat(store.refused.get()).isPositive();
			});
	}

	static class FailingStatusStore implements WorkflowStatusStore {

		final AtomicInteger refused = new AtomicInteger();

		@Override
		public void started(String workflowId, String instanceId, int totalStages) {
		}

		@Override
		public void record(Event event) {
			this.refused.incrementAndGet();
			throw new IllegalStateException("the status database is down");
		}

		@Override
		public Optional<WorkflowStatus> find(String instanceId) {
			return Optional.empty();
		}

	}

	record Order(String orderId, BigDecimal amount) {

	}

	static class Charges {

		final List<String> charged = new CopyOnWriteArrayList<>();

		final List<String> released = new CopyOnWriteArrayList<>();

		final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

		int call(String orderId) {
			return this.calls.computeIfAbsent(orderId, (key) -> new AtomicInteger()).incrementAndGet();
		}

		int calls(String orderId) {
			AtomicInteger calls = this.calls.get(orderId);
			return (calls != null) ? calls.get() : 0;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RemoteFulfilment {

		@Bean
		Workflow<Order> remoteFulfilment() {
			return Workflow.define(KILLED, Order.class)
				.remoteStage("reserve-stock")
				.remoteStage("charge-payment")
				.remoteStage("ship")
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MixedFulfilment {

		@Bean
		Charges charges() {
			return new Charges();
		}

		@Bean
		Workflow<Order> mixedFulfilment(Charges charges) {
			return Workflow.define(MIXED, Order.class).remoteStage("reserve-stock").stage("charge-payment", (order, context) -> {
				charges.charged.add(order.orderId());
				return order;
			}).remoteStage("ship").build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FlakyFulfilment {

		@Bean
		Charges charges() {
			return new Charges();
		}

		@Bean
		Workflow<Order> flakyFulfilment(Charges charges) {
			return Workflow.define(REDELIVERED, Order.class)
				.stage("reserve", (order, context) -> order,
						(order, original, context) -> charges.released.add(order.orderId()))
				.stage("charge", (order, context) -> {
					int call = charges.call(order.orderId());
					if ("DECLINED".equals(order.orderId())) {
						throw new PermanentFailureException("card declined");
					}
					if ("NEVER".equals(order.orderId()) || call <= 3) {
						throw new IllegalStateException("payment gateway unavailable (call " + call + ")");
					}
					return order;
				})
				.build();
		}

	}

	/**
	 * A {@link StageWorkerProcess} in a JVM of its own, its output read as it comes.
	 */
	static final class WorkerProcess {

		private final Process process;

		private final CountDownLatch ready = new CountDownLatch(1);

		private final Deque<String> lastLines = new ArrayDeque<>();

		private WorkerProcess(Process process, Map<String, AtomicInteger> runs) {
			this.process = process;
			Thread reader = new Thread(() -> read(runs), "stage-worker-output");
			reader.setDaemon(true);
			reader.start();
		}

		static WorkerProcess start(String workflowId, String service, Map<String, AtomicInteger> runs)
				throws Exception {
			List<String> command = new ArrayList<>(List.of(
					System.getProperty("java.home") + File.separator + "bin" + File.separator + "java", "-Xmx256m",
					"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
					StageWorkerProcess.class.getName(), workflowId, "--mmate.service-name=" + service,
					"--logging.level.root=WARN"));
			for (String property : TestBroker.springProperties()) {
				command.add("--" + property);
			}
			WorkerProcess worker = new WorkerProcess(new ProcessBuilder(command).redirectErrorStream(true).start(),
					runs);
			if (!worker.ready.await(2, TimeUnit.MINUTES)) {
				worker.process.destroyForcibly();
				throw new IllegalStateException("The stage worker did not start; its last output:\n"
						+ String.join("\n", worker.lastLines));
			}
			return worker;
		}

		private void read(Map<String, AtomicInteger> runs) {
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					if (line.startsWith("RAN ")) {
						runs.computeIfAbsent(line.substring(4), (key) -> new AtomicInteger()).incrementAndGet();
					}
					else if (line.equals("READY")) {
						this.ready.countDown();
					}
					else {
						synchronized (this.lastLines) {
							this.lastLines.addLast(line);
							if (this.lastLines.size() > 40) {
								this.lastLines.removeFirst();
							}
						}
					}
				}
			}
			catch (Exception ex) {
				// The process is gone.
			}
		}

		/**
		 * Kill the process with SIGKILL: no shutdown hook, no acknowledgement, no goodbye to the broker.
		 * @return its exit code, 137 after SIGKILL
		 */
		int kill() throws InterruptedException {
			this.process.destroyForcibly();
			return this.process.waitFor(30, TimeUnit.SECONDS) ? this.process.exitValue() : -1;
		}

	}

}
