package io.mmate.consume;

import java.time.Duration;

/**
 * How the service queue is consumed.
 *
 * @param queue the service queue name
 * @param prefetch the most unacknowledged messages per consumer
 * @param concurrency the number of consumers
 * @param acknowledgeMode when deliveries are acknowledged
 * @param autoStartup whether consumption starts with the application
 * @param shutdownTimeout how long in-flight handlers may run on shutdown
 * @param countedDeliveryLimit how many unacknowledged deliveries of one message are counted in its headers before
 * it is dead-lettered; 0 when the queue does not need it (a quorum queue has the broker's own limit)
 */
public record ListenerSettings(String queue, int prefetch, int concurrency, AcknowledgeMode acknowledgeMode,
		boolean autoStartup, Duration shutdownTimeout, int countedDeliveryLimit) {

}
