package io.mmate.autoconfigure;

import java.util.List;

import io.mmate.topology.QueueType;
import io.mmate.topology.TopologySettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Warns once, at start-up, when the application connects to several broker nodes (a cluster) while the starter's
 * queues are classic: each classic queue lives on one node, and whatever is in it stops with that node.
 */
final class ReplicationAdvice {

	private static final Log logger = LogFactory.getLog(ReplicationAdvice.class);

	private ReplicationAdvice() {
	}

	/**
	 * Warn when the queues are not replicated across the nodes the application connects to.
	 * @param settings the topology settings
	 * @param addresses the broker addresses the application connects to
	 * @return the warning, or {@code null} when there is none
	 */
	static String check(TopologySettings settings, List<String> addresses) {
		if (addresses.size() < 2 || settings.queueType() != QueueType.CLASSIC) {
			return null;
		}
		String queues = (settings.serviceQueueName() != null)
				? "the service queue '" + settings.serviceQueueName() + "', its dead-letter queue and partition queues, "
				: "";
		String warning = "spring.rabbitmq.addresses lists " + addresses.size() + " nodes " + addresses
				+ " but mmate.queue.type=classic: " + queues + "the delay levels (mmate.delay.*) and the "
				+ "scheduled-message relay are classic queues, each on one node and not replicated; when that node "
				+ "stops, their messages are unavailable or lost. Set mmate.queue.type=quorum to replicate every queue "
				+ "the starter declares (see \"Running on a RabbitMQ cluster\" in docs/operations.md).";
		logger.warn(warning);
		return warning;
	}

}
