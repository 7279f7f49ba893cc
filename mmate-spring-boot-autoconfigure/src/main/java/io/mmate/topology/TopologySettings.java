package io.mmate.topology;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * What a service's topology is built from, mapped once from configuration: the input of {@link TopologyFactory},
 * together with the handlers.
 *
 * @param serviceName the service name, or {@code null} when the application only publishes
 * @param queueType the type of the service queue, its dead-letter queue and the partition queues
 * @param arguments extra arguments of the service queue, declared as given
 * @param deliveryLimit how many deliveries of one message a quorum service queue allows before it dead-letters the
 * message; 0 for no limit
 * @param deadLetter whether failed messages are dead-lettered, so that the service queue has a dead-letter queue
 * @param fifo whether the service queue delivers in strict order, to a single active consumer
 * @param extraBindings bindings of the service queue besides those its handlers need
 * @param partitionCount the number of partition queues
 * @param partitionKeyHeader the header whose value chooses the partition
 * @param genericExchange whether each handler's binding is made on {@code mmate.messages} too, where Go's
 * {@code Publish} without an exchange sends commands, events and queries
 * @param deadLetterMaxLength the most messages the dead-letter queue holds, declared when it is created; 0 for no
 * limit
 */
public record TopologySettings(@Nullable String serviceName, QueueType queueType, Map<String, Object> arguments,
		int deliveryLimit, boolean deadLetter, boolean fifo, List<BindingSpec> extraBindings, int partitionCount,
		String partitionKeyHeader, boolean genericExchange, int deadLetterMaxLength) {

	public TopologySettings {
		Assert.isTrue(serviceName == null
				|| (StringUtils.hasText(serviceName) && !StringUtils.containsWhitespace(serviceName)),
				() -> "The service name must be a name without white space: '" + serviceName + "'");
		Assert.notNull(queueType, "The queue type must not be null");
		Assert.isTrue(deliveryLimit >= 0, "The delivery limit must not be negative");
		Assert.isTrue(partitionCount >= 1, "The partition count must be at least 1");
		Assert.hasText(partitionKeyHeader, "The partition key header must be set");
		Assert.isTrue(deadLetterMaxLength >= 0, "The dead-letter queue's maximum length must not be negative");
		arguments = Map.copyOf(arguments);
		extraBindings = List.copyOf(extraBindings);
	}

	/**
	 * Settings whose handler bindings are made on {@code mmate.messages} too, as by default, and whose dead-letter
	 * queue has no length limit.
	 * @param serviceName the service name, or {@code null} when the application only publishes
	 * @param queueType the type of the service queue, its dead-letter queue and the partition queues
	 * @param arguments extra arguments of the service queue, declared as given
	 * @param deliveryLimit how many deliveries of one message a quorum service queue allows; 0 for no limit
	 * @param deadLetter whether failed messages are dead-lettered
	 * @param fifo whether the service queue delivers in strict order, to a single active consumer
	 * @param extraBindings bindings of the service queue besides those its handlers need
	 * @param partitionCount the number of partition queues
	 * @param partitionKeyHeader the header whose value chooses the partition
	 */
	public TopologySettings(@Nullable String serviceName, QueueType queueType, Map<String, Object> arguments,
			int deliveryLimit, boolean deadLetter, boolean fifo, List<BindingSpec> extraBindings, int partitionCount,
			String partitionKeyHeader) {
		this(serviceName, queueType, arguments, deliveryLimit, deadLetter, fifo, extraBindings, partitionCount,
				partitionKeyHeader, true, 0);
	}

	/**
	 * The name of the service queue, whether or not the service needs it.
	 * @return {@code {serviceName}-queue}, or {@code null} without a service name
	 */
	public @Nullable String serviceQueueName() {
		return (this.serviceName != null) ? ServiceQueues.queueName(this.serviceName) : null;
	}

	/**
	 * The names of the partition queues, whether or not a handler is partitioned: a consumer is set up before the
	 * handlers are known.
	 * @return the partition queues, none without a service name
	 */
	public List<String> partitionQueues() {
		String queue = serviceQueueName();
		return (queue != null) ? PartitionTopology.queues(queue, this.partitionCount) : List.of();
	}

}
