package io.mmate.listener;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import com.rabbitmq.client.Channel;
import io.mmate.retry.CircuitBreaker;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.MessageListenerContainer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Owns the listener container of the service queue: creates it from {@link ListenerSettings}, starts it after the
 * topology is declared and stops it on shutdown.
 *
 * <p>A direct container is used: each delivery is handled on the connection's consumer thread, without a hand-off
 * queue, and consumers are restarted by the container after a connection loss.
 *
 * <p>Stopping hands the queue over in order: the handlers in progress finish and are acknowledged, later deliveries
 * are left unacknowledged, and the consumers' channels are closed, which returns those deliveries to the queue where
 * they were before another consumer (of a single-active-consumer queue, say) gets anything.
 */
public class ListenerContainerLifecycle implements SmartLifecycle, DisposableBean {

	/**
	 * After the topology declarer; before the web server, so that it stops after the web server has finished the
	 * requests that may publish.
	 */
	public static final int PHASE = Integer.MAX_VALUE - 3072;

	private static final Log logger = LogFactory.getLog(ListenerContainerLifecycle.class);

	private final HandoverListenerContainer container;

	private final HandoverGate gate;

	private final DeliveryListener listener;

	private final ListenerSettings settings;

	private final BooleanSupplier hasWork;

	private volatile boolean started;

	/**
	 * Create the container; nothing connects until {@link #start()}.
	 * @param connectionFactory the connection factory
	 * @param settings how to consume
	 * @param listener the listener
	 * @param hasWork whether the service queue exists, asked at start: a service without handlers or extra
	 * bindings has no queue to consume
	 */
	public ListenerContainerLifecycle(ConnectionFactory connectionFactory, ListenerSettings settings,
			DeliveryListener listener, BooleanSupplier hasWork) {
		this(connectionFactory, settings, List.of(settings.queue()), listener, hasWork);
	}

	/**
	 * Create a container for other queues than the service queue: partitions or a broadcast queue.
	 * @param connectionFactory the connection factory
	 * @param settings how to consume; its concurrency is the number of consumers per queue
	 * @param queues the queues to consume
	 * @param listener the listener, whose circuit breaker, if any, pauses and resumes consumption
	 * @param hasWork whether the queues exist, asked at start
	 */
	public ListenerContainerLifecycle(ConnectionFactory connectionFactory, ListenerSettings settings,
			List<String> queues, DeliveryListener listener, BooleanSupplier hasWork) {
		this.settings = settings;
		this.hasWork = hasWork;
		if (listener.circuitBreaker() != null) {
			listener.circuitBreaker().addListener(this::breakerChanged);
		}
		this.listener = listener;
		this.gate = new HandoverGate(listener);
		this.container = new HandoverListenerContainer(connectionFactory, () -> {
			Set<Channel> channels = new HashSet<>(listener.deliveringChannels());
			channels.addAll(this.gate.withheldChannels());
			return channels;
		});
		this.container.setQueueNames(queues.toArray(String[]::new));
		this.container.setConsumersPerQueue(settings.concurrency());
		this.container.setPrefetchCount(settings.prefetch());
		this.container.setAcknowledgeMode((settings.acknowledgeMode() == AcknowledgeMode.BROKER_AUTO)
				? org.springframework.amqp.core.AcknowledgeMode.NONE
				: org.springframework.amqp.core.AcknowledgeMode.MANUAL);
		this.container.setDefaultRequeueRejected(false);
		this.container.setShutdownTimeout(settings.shutdownTimeout().toMillis());
		this.container.setMessageListener(this.gate);
		this.container.setAutoStartup(false);
		this.container.setListenerId("mmate-" + queues.get(0));
		this.container.afterPropertiesSet();
	}

	@Override
	public void start() {
		if (this.hasWork.getAsBoolean()) {
			this.started = true;
			this.gate.open();
			this.container.start();
		}
	}

	@Override
	public void stop() {
		this.started = false;
		if (this.settings.acknowledgeMode() == AcknowledgeMode.BROKER_AUTO || !this.container.isRunning()) {
			// Deliveries acknowledged by the broker must be handled, not left for a handover.
			this.container.stop();
			return;
		}
		try {
			long deadline = System.nanoTime() + this.settings.shutdownTimeout().toNanos();
			if (!this.gate.close(this.settings.shutdownTimeout())
					|| !this.listener.awaitAcknowledged(Duration.ofNanos(deadline - System.nanoTime()))) {
				logger.warn("Handlers on queue '" + getQueue() + "' still running after " + this.settings.shutdownTimeout()
						+ " (mmate.listener.shutdown-timeout); their messages will be delivered again");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.container.stopByClosingChannels();
	}

	private synchronized void breakerChanged(CircuitBreaker.State from, CircuitBreaker.State to) {
		if (!this.started) {
			return;
		}
		switch (to) {
			// Stopping cancels the consumers; the broker keeps their unacknowledged messages for later.
			case OPEN -> {
				this.listener.flushAcknowledgements();
				this.container.stop();
			}
			case HALF_OPEN -> {
				// One consumer, so the trial message decides before the next is handled.
				this.container.setConsumersPerQueue(1);
				this.container.start();
			}
			case CLOSED -> this.container.setConsumersPerQueue(this.settings.concurrency());
		}
	}

	@Override
	public void destroy() {
		this.container.destroy();
	}

	@Override
	public boolean isRunning() {
		// Running while the application wants it, even when an open circuit breaker has paused the consumers.
		return this.started;
	}

	@Override
	public boolean isAutoStartup() {
		return this.settings.autoStartup();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * The container, for health checks and tests.
	 * @return the container
	 */
	public MessageListenerContainer getContainer() {
		return this.container;
	}

	/**
	 * The queue this lifecycle consumes.
	 * @return the queue name
	 */
	public String getQueue() {
		return this.settings.queue();
	}

}
