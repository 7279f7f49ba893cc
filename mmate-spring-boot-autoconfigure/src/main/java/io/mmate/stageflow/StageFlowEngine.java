package io.mmate.stageflow;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.Channel;
import io.mmate.Event;
import io.mmate.MessagePublisher;
import io.mmate.PublishException;
import io.mmate.connection.ReportingListenerContainer;
import io.mmate.envelope.UndecodableMessageException;
import io.mmate.publish.PublishSink;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Runs the {@link Workflow workflows} of the application on the broker as Mmate Go's StageFlow engine does: at start
 * it declares each workflow's stage and compensation queues and consumes them. A delivery is acknowledged after its
 * stage (or compensation) has run and the broker has confirmed what it published: the next stage's message, the
 * compensation message and the workflow events on {@code mmate.events}. A message that cannot be read, or belongs to
 * no stage of the workflow, is rejected to its dead-letter queue; one whose output was not confirmed is returned to
 * the queue to run again.
 */
public class StageFlowEngine implements SmartLifecycle, ChannelAwareMessageListener {

	private static final Log logger = LogFactory.getLog(StageFlowEngine.class);

	private final ConnectionFactory connectionFactory;

	private final PublishSink sink;

	private final MessagePublisher publisher;

	private final StageFlowCodec codec;

	private final Map<String, Workflow<?>> workflows = new LinkedHashMap<>();

	private final Map<String, Route> routes = new HashMap<>();

	private final WorkflowStatusStore store;

	private final StageFlowSettings settings;

	private final StageProcessor stages;

	private final CompensationProcessor compensations;

	private final WorkflowOutcomes outcomes;

	private final int phase;

	private final List<ReportingListenerContainer> containers = new ArrayList<>();

	private volatile boolean running;

	/**
	 * Create the engine; nothing is declared or consumed before {@link #start()}.
	 * @param connectionFactory the connection factory
	 * @param sink the confirming publisher channel, for stage and compensation messages
	 * @param publisher the publisher of the workflow events
	 * @param codec the StageFlow codec
	 * @param workflows the workflows
	 * @param store where the events go once confirmed
	 * @param settings the settings
	 * @param clock the clock
	 * @param phase the lifecycle phase
	 */
	public StageFlowEngine(ConnectionFactory connectionFactory, PublishSink sink, MessagePublisher publisher,
			StageFlowCodec codec, List<Workflow<?>> workflows, WorkflowStatusStore store, StageFlowSettings settings,
			Clock clock, int phase) {
		this.connectionFactory = connectionFactory;
		this.sink = sink;
		this.publisher = publisher;
		this.codec = codec;
		this.store = store;
		this.settings = settings;
		this.outcomes = new WorkflowOutcomes();
		Attempts attempts = new Attempts(settings.retry());
		this.stages = new StageProcessor(codec, attempts, this.outcomes, clock);
		this.compensations = new CompensationProcessor(codec, attempts, this.outcomes, clock);
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
		return this.sink;
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
		for (Workflow<?> workflow : this.workflows.values()) {
			ReportingListenerContainer container = new ReportingListenerContainer(this.connectionFactory);
			container.setQueueNames(StageFlowQueues.consumed(workflow).toArray(String[]::new));
			container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
			container.setPrefetchCount(this.settings.prefetch());
			container.setConsumersPerQueue(this.settings.consumers());
			container.setMessageListener(this);
			container.afterPropertiesSet();
			container.start();
			this.containers.add(container);
		}
		this.running = true;
	}

	private void declare() {
		Connection connection = this.connectionFactory.createConnection();
		try (Channel channel = connection.createChannel(false)) {
			for (Workflow<?> workflow : this.workflows.values()) {
				StageFlowQueues.declare(channel, workflow, this.settings.queueType());
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not declare the StageFlow queues: " + ex, ex);
		}
	}

	@Override
	public synchronized void stop() {
		this.containers.forEach(ReportingListenerContainer::stop);
		this.containers.clear();
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
		StageFlowOutput out = new StageFlowOutput(this.sink, this.publisher, this.settings.confirmTimeout());
		List<Event> events;
		try {
			if (route.stageIndex() >= 0) {
				this.stages.process(route.workflow(), route.stageIndex(), this.codec.decodeStage(message).message(),
						out);
			}
			else {
				this.compensations.process(route.workflow(), this.codec.decodeCompensation(message), out);
			}
			events = out.confirmed();
		}
		catch (UndecodableMessageException ex) {
			logger.warn("Rejected a message on '" + queue + "' to its dead-letter queue: " + ex.getMessage());
			channel.basicReject(tag, false);
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
			// would loop, so the message goes to the queue's dead-letter queue with the reason in the log.
			logger.warn("Rejected a message on '" + queue + "' to its dead-letter queue: it could not be processed: "
					+ ex, ex);
			channel.basicReject(tag, false);
			return;
		}
		channel.basicAck(tag, false);
		events.forEach(this.store::record);
		out.finish();
	}

	private record Route(Workflow<?> workflow, int stageIndex) {

	}

}
