package io.mmate.stageflow;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.Channel;
import io.mmate.topology.QueueType;

/**
 * The queues of a workflow, named and declared as Mmate Go's engine declares them: durable stage queues
 * {@code stageflow.{workflowId}.stage{i}} with a message TTL of one hour and a compensation queue
 * {@code stageflow.compensation.{workflowId}} with two hours, each dead-lettering through the default exchange to
 * {@code dlq.{queue}}.
 */
public final class StageFlowQueues {

	/** Go's default queue prefix. */
	public static final String PREFIX = "stageflow.";

	/** Go's message TTL of a stage queue, in milliseconds. */
	public static final int STAGE_TTL = 3_600_000;

	/** Go's message TTL of the compensation queue, in milliseconds. */
	public static final int COMPENSATION_TTL = 7_200_000;

	private StageFlowQueues() {
	}

	/**
	 * The queue of a stage.
	 * @param workflowId the workflow
	 * @param stageIndex the stage, from 0
	 * @return {@code stageflow.{workflowId}.stage{i}}
	 */
	public static String stage(String workflowId, int stageIndex) {
		return PREFIX + workflowId + ".stage" + stageIndex;
	}

	/**
	 * The compensation queue of a workflow.
	 * @param workflowId the workflow
	 * @return {@code stageflow.compensation.{workflowId}}
	 */
	public static String compensation(String workflowId) {
		return PREFIX + "compensation." + workflowId;
	}

	/**
	 * Where a queue's expired and rejected messages go.
	 * @param queue the queue
	 * @return {@code dlq.{queue}}
	 */
	public static String deadLetter(String queue) {
		return "dlq." + queue;
	}

	/**
	 * The arguments Go declares a stage or compensation queue with, and the queue type.
	 * @param queue the queue
	 * @param ttl the message TTL
	 * @param type the queue type: Go declares classic queues; a quorum queue adds {@code x-queue-type}
	 * @return the arguments
	 */
	public static Map<String, Object> arguments(String queue, int ttl, QueueType type) {
		Map<String, Object> arguments = new LinkedHashMap<>();
		if (type == QueueType.QUORUM) {
			arguments.put("x-queue-type", "quorum");
		}
		// An int, as Go's int32: the broker compares the type when a queue is declared again.
		arguments.put("x-message-ttl", ttl);
		arguments.put("x-dead-letter-exchange", "");
		arguments.put("x-dead-letter-routing-key", deadLetter(queue));
		return arguments;
	}

	/**
	 * Every queue of a workflow: its stage queues, then its compensation queue.
	 * @param workflow the workflow
	 * @return the queue names
	 */
	public static List<String> all(Workflow<?> workflow) {
		List<String> queues = new ArrayList<>();
		for (int i = 0; i < workflow.stages().size(); i++) {
			queues.add(stage(workflow.id(), i));
		}
		queues.add(compensation(workflow.id()));
		return queues;
	}

	/**
	 * The queues this application consumes for a workflow: the queues of the stages it runs, and the compensation
	 * queue when it runs every stage.
	 * @param workflow the workflow
	 * @return the queue names, empty when every stage is remote
	 */
	public static List<String> consumed(Workflow<?> workflow) {
		List<String> queues = new ArrayList<>();
		for (int i = 0; i < workflow.stages().size(); i++) {
			if (!workflow.stages().get(i).remote()) {
				queues.add(stage(workflow.id(), i));
			}
		}
		if (workflow.runsAllStages()) {
			queues.add(compensation(workflow.id()));
		}
		return queues;
	}

	/**
	 * Declare a workflow's queues, and their dead-letter queues, which Go leaves undeclared (a dead-lettered
	 * message would be dropped).
	 * @param channel the channel
	 * @param workflow the workflow
	 * @param type the queue type
	 * @throws IOException if the broker refuses a declaration, for one that exists with other arguments
	 */
	public static void declare(Channel channel, Workflow<?> workflow, QueueType type) throws IOException {
		for (String queue : all(workflow)) {
			int ttl = queue.equals(compensation(workflow.id())) ? COMPENSATION_TTL : STAGE_TTL;
			channel.queueDeclare(queue, true, false, false, arguments(queue, ttl, type));
			Map<String, Object> dlq = (type == QueueType.QUORUM) ? Map.of("x-queue-type", "quorum") : Map.of();
			channel.queueDeclare(deadLetter(queue), true, false, false, dlq);
		}
	}

}
