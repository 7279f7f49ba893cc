package io.mmate.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.CustomExchange;
import org.springframework.amqp.core.Declarable;

/**
 * Partitioned order: the bindings of partitioned handlers lead to a consistent-hash exchange (the broker's
 * {@code rabbitmq_consistent_hash_exchange} plugin) that spreads messages over a fixed number of partition queues by
 * a header, so that every message with the same key lands in the same queue. Each partition queue has a single active
 * consumer, so any number of instances share the partitions while each key is handled in order by one consumer.
 */
public final class PartitionTopology {

	private PartitionTopology() {
	}

	/**
	 * @param queue the service queue
	 * @return the consistent-hash exchange of its partitions, {@code {queue}.partitions}
	 */
	public static String exchange(String queue) {
		return queue + ".partitions";
	}

	/**
	 * @param queue the service queue
	 * @param count the number of partitions
	 * @return the partition queues, {@code {queue}.p0} to {@code {queue}.p{count - 1}}
	 */
	public static List<String> queues(String queue, int count) {
		List<String> queues = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			queues.add(queue + ".p" + i);
		}
		return queues;
	}

	/**
	 * The declarations of a service queue's partitions.
	 * @param queue the service queue
	 * @param type the queue type of the partition queues
	 * @param count the number of partitions
	 * @param keyHeader the header whose value is hashed
	 * @param bindings the bindings of the partitioned handlers, which lead to the hash exchange
	 * @return the declarations, exchange first
	 */
	public static List<Declarable> declarables(String queue, QueueType type, int count, String keyHeader,
			List<BindingSpec> bindings) {
		List<Declarable> declarables = new ArrayList<>();
		String exchange = exchange(queue);
		declarables.add(new CustomExchange(exchange, "x-consistent-hash", true, false, Map.of("hash-header", keyHeader)));
		for (BindingSpec binding : bindings) {
			declarables.add(new Binding(exchange, Binding.DestinationType.EXCHANGE, binding.exchange(),
					binding.routingKey(), null));
		}
		Map<String, Object> arguments = QueueArguments.partitionQueue(type);
		for (String partition : queues(queue, count)) {
			declarables.add(new ConfiguredQueue(partition, arguments,
					(argument) -> QueueArguments.typeSettingOf(type, argument)));
			// Equal weights: every partition takes an equal share of the hash ring.
			declarables.add(new Binding(partition, Binding.DestinationType.QUEUE, exchange, "1", null));
		}
		return declarables;
	}

}
