package io.mmate.stageflow;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.Channel;
import io.mmate.DeadLetterReason;
import io.mmate.Event;
import io.mmate.PublishException;
import io.mmate.connection.ReportingListenerContainer;
import io.mmate.consume.BroadcastQueue;
import io.mmate.envelope.UndecodableMessageException;
import io.mmate.failure.Failure;
import io.mmate.failure.FailureHistory;
import io.mmate.publish.PublishSink;
import io.mmate.topology.Exchanges;
import io.mmate.topology.RoutingKeys;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Runs the {@link Workflow workflows} of the application on the broker as Mmate Go's StageFlow engine does: at start
 * it declares each workflow's stage and compensation queues and consumes those of the stages it runs. A delivery is
 * acknowledged after its stage (or compensation) has run and the broker has confirmed what it published: the next
 * stage's message, the compensation message and the workflow events on {@code mmate.events}, or the delayed copy of a
 * stage message that failed and runs again later. A message that cannot be read, or belongs to no stage of the
 * workflow, goes to its dead-letter queue with the reason in its headers; one whose output was not confirmed is
 * returned to the queue to run again. An exclusive queue of this instance follows the end of every instance, so that
 * a future completes whichever process ran the last stage.
 */
public class StageFlowEngine implements SmartLifecycle, ChannelAwareMessageListener {

	private static final Log logger = LogFactory.getLog(StageFlowEngine.class);

	private final StageFlowMessaging messaging;

	private final StageFlowCodec codec;

	private final Map<String, Workflow<?>> workflows = new LinkedHashMap<>();

	private final Map<String, Route> routes = new HashMap<>();

	private final WorkflowStatusStore store;

	private final StageFlowSettings settings;

	private final StageProcessor stages;

	private final CompensationProcessor compensations;

	private final WorkflowOutcomes outcomes;

	private final BroadcastQueue endEvents;

	private final int phase;

	private final List<ReportingListenerContainer> containers = new ArrayList<>();

	private volatile boolean running;

	/**
	 * Create the engine; nothing is declared or consumed before {@link #start()}.
	 * @param messaging what the engine talks to the broker with
	 * @param codec the StageFlow codec
	 * @param workflows the workflows
	 * @param store where the events go once confirmed
	 * @param settings the settings
	 * @param clock the clock
	 * @param phase the lifecycle phase
	 */
	public StageFlowEngine(StageFlowMessaging messaging, StageFlowCodec codec, List<Workflow<?>> workflows,
			WorkflowStatusStore store, StageFlowSettings settings, Clock clock, int phase) {
		this.messaging = messaging;
		this.codec = codec;
		this.store = store;
		this.settings = settings;
		this.outcomes = new WorkflowOutcomes();
		Attempts attempts = new Attempts(settings.retry());
		this.stages = new StageProcessor(codec, attempts, this.outcomes, clock);
		this.compensations = new CompensationProcessor(codec, attempts, this.outcomes, clock);
		this.endEvents = new BroadcastQueue(messaging.connectionFactory(), settings.endEventsQueue(),
				() -> WorkflowEndListener.BINDINGS);
		this.phase = phase;
		for (Workflow<?> workflow : workflows) {
			Assert.state(this.workflows.putIfAbsent(workflow.id(), workflow) == null,
					() -> "Two workflows with id '" + workflow.id() + "'");
			for (int i = 0; i < workflow.stages().size(); i++) {
				this.routes.put(StageFlowQueues.stage(workflow.id(), i), new Route(workflow, i));
			}
			this.routes.put(StageFlowQueues.compensation(workflow.id()), new Route(workflow, -1));
		}
	}

	/**
	 * The workflow with an id.
	 * @param workflowId the id
	 * @return the workflow, or {@code null}
	 */
	public Workflow<?> workflow(String workflowId) {
		return this.workflows.get(workflowId);
	}

	WorkflowOutcomes outcomes() {
		return this.outcomes;
	}

	StageFlowCodec codec() {
		return this.codec;
	}

	PublishSink sink() {
		return this.messaging.sink();
	}

	WorkflowStatusStore store() {
		return this.store;
	}

	StageFlowSettings settings() {
		return this.settings;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		declare();
		this.endEvents.start();
		listen(new String[] { this.settings.endEventsQueue() }, AcknowledgeMode.NONE,
				new WorkflowEndListener(this.codec, this.workflows, this.outcomes, this.store), 1);
		for (Workflow<?> workflow : this.workflows.values()) {
			List<String> queues = StageFlowQueues.consumed(workflow);
			if (!queues.isEmpty()) {
				listen(queues.toArray(String[]::new), AcknowledgeMode.MANUAL, this, this.settings.consumers());
			}
		}
		this.running = true;
	}

	private void listen(String[] queues, AcknowledgeMode mode, MessageListener listener, int consumers) {
		ReportingListenerContainer container = new ReportingListenerContainer(this.messaging.connectionFactory());
		container.setQueueNames(queues);
		container.setAcknowledgeMode(mode);
		container.setPrefetchCount(this.settings.prefetch());
		container.setConsumersPerQueue(consumers);
		container.setMessageListener(listener);
		container.afterPropertiesSet();
		container.start();
		this.containers.add(container);
	}

	private void declare() {
		Connection connection = this.messaging.connectionFactory().createConnection();
		try (Channel channel = connection.createChannel(false)) {
			for (Workflow<?> workflow : this.workflows.values()) {
				StageFlowQueues.declare(channel, workflow, this.settings.queueType());
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not declare the StageFlow queues: " + ex, ex);
		}
		for (Workflow<?> workflow : this.workflows.values()) {
			for (String queue : StageFlowQueues.consumed(workflow)) {
				if (!queue.equals(StageFlowQueues.compensation(workflow.id()))) {
					bind(connection, this.messaging.delays().mechanism().destinationBinding(queue), queue);
				}
				String deadLetters = StageFlowQueues.deadLetter(queue);
				bind(connection, new Binding(deadLetters, Binding.DestinationType.QUEUE, Exchanges.DEAD_LETTER,
						RoutingKeys.deadLetter(queue), null), queue);
			}
		}
	}

	private static void bind(Connection connection, Binding binding, String queue) {
		// A channel each: a refused binding closes its channel.
		try (Channel channel = connection.createChannel(false)) {
			channel.queueBind(binding.getDestination(), binding.getExchange(), binding.getRoutingKey());
		}
		catch (Exception ex) {
			logger.warn("Could not bind '" + binding.getDestination() + "' to '" + binding.getExchange()
					+ "' for the StageFlow queue '" + queue + "' (is the topology declared?): delayed redeliveries "
					+ "or dead letters with their reason may not reach it: " + ex);
		}
	}

	@Override
	public synchronized void stop() {
		this.containers.forEach(ReportingListenerContainer::stop);
		this.containers.clear();
		this.endEvents.stop();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	@Override
	public void onMessage(Message message, Channel channel) throws Exception {
		String queue = message.getMessageProperties().getConsumerQueue();
		long tag = message.getMessageProperties().getDeliveryTag();
		Route route = this.routes.get(queue);
		StageFlowOutput out = new StageFlowOutput(this.messaging.sink(), this.messaging.publisher(),
				this.settings.confirmTimeout());
		List<Event> events;
		try {
			if (route.stageIndex() >= 0) {
				StageProcessor.Redelivery later = this.stages.process(route.workflow(), route.stageIndex(),
						this.codec.decodeStage(message).message(),
						FailureHistory.of(message.getMessageProperties()).redeliveries(), out);
				if (later != null) {
					logger.info("Sending a stage message back to '" + queue + "' in " + later.delay() + ": "
							+ later.failure().description());
					out.await(this.messaging.failures().redeliver(message, queue, later.delay(), later.failure()));
				}
			}
			else {
				this.compensations.process(route.workflow(), this.codec.decodeCompensation(message), out);
			}
			events = out.confirmed();
		}
		catch (UndecodableMessageException ex) {
			deadLetter(message, channel, new Failure(DeadLetterReason.UNDECODABLE,
					"Could not read a StageFlow message on '" + queue + "': " + ex.getMessage(), ex, 0, false));
			return;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			channel.basicNack(tag, false, true);
			return;
		}
		catch (ExecutionException | TimeoutException | AmqpException | PublishException ex) {
			// What the stage published was not confirmed, or could not be sent: run it again rather than lose the
			// instance.
			logger.warn("Returned a message to '" + queue + "' to run again: " + ex);
			channel.basicNack(tag, false, true);
			return;
		}
		catch (RuntimeException ex) {
			// Any other failure comes from the message itself and would come again on every delivery: a requeue
			// would loop, so the message goes to the queue's dead-letter queue with the reason.
			deadLetter(message, channel, new Failure(DeadLetterReason.HANDLER_FAILED,
					"Could not process a StageFlow message on '" + queue + "': " + ex, ex, 0, false));
			return;
		}
		channel.basicAck(tag, false);
		events.forEach((event) -> WorkflowEndListener.record(this.store, event));
		out.finish();
	}

	private void deadLetter(Message message, Channel channel, Failure failure) throws IOException {
		String queue = message.getMessageProperties().getConsumerQueue();
		long tag = message.getMessageProperties().getDeliveryTag();
		logger.warn("Dead-lettering a message of '" + queue + "' to '" + StageFlowQueues.deadLetter(queue) + "': "
				+ failure.description());
		try {
			this.messaging.failures()
				.deadLetter(message, queue, failure)
				.get(this.settings.confirmTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
			channel.basicAck(tag, false);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			channel.basicReject(tag, false);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			// The queue dead-letters what it rejects to the same queue, without the reason in the headers.
			logger.warn("Could not publish the dead letter with its reason, rejecting the message instead: " + ex);
			channel.basicReject(tag, false);
		}
	}

	private record Route(Workflow<?> workflow, int stageIndex) {

	}

}
