package io.mmate.schedule;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.mmate.MessagePublisher;
import io.mmate.connection.ReportingListenerContainer;
import io.mmate.delay.DelayMechanismSelector;
import io.mmate.topology.TopologyDeclarer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Runs scheduling: declares the {@link SchedulingTopology} right after the Mmate topology (and again after every
 * reconnect), starts the tick tokens that are missing, consumes the relay queue and each schedule's queue, and
 * checks every {@code checkInterval} that each schedule still has a token, so that one lost with a broker crash is
 * replaced instead of silently ending the schedule.
 */
public class SchedulingLifecycle implements SmartLifecycle, DisposableBean {

	/** Right after the Mmate topology, whose exchanges the relay publishes to. */
	public static final int PHASE = TopologyDeclarer.PHASE + 1;

	private static final Log logger = LogFactory.getLog(SchedulingLifecycle.class);

	private static final int PREFETCH = 10;

	private final ConnectionFactory connectionFactory;

	private final RecurringSchedules schedules;

	private final ScheduledMessageRelay relay;

	private final TickTokens tokens;

	private final MessagePublisher publisher;

	private final String serviceName;

	private final Duration checkInterval;

	private final boolean replicated;

	private final TopologyDeclarer declarer;

	private final List<DirectMessageListenerContainer> containers = new ArrayList<>();

	private ScheduledExecutorService checker;

	private volatile boolean running;

	/**
	 * Create the lifecycle; nothing connects until {@link #start()}.
	 * @param connectionFactory the connection factory
	 * @param delays the delay mechanism that delivers to the relay queue
	 * @param schedules the recurring schedules, read at start
	 * @param relay the relay of due scheduled messages
	 * @param tokens the tick tokens
	 * @param publisher publishes the messages of ticks
	 * @param serviceName the service name, part of each tick's message id
	 * @param checkInterval how often to check that every schedule has a token
	 */
	public SchedulingLifecycle(ConnectionFactory connectionFactory, DelayMechanismSelector delays,
			RecurringSchedules schedules, ScheduledMessageRelay relay, TickTokens tokens, MessagePublisher publisher,
			String serviceName, Duration checkInterval) {
		this.connectionFactory = connectionFactory;
		this.schedules = schedules;
		this.relay = relay;
		this.tokens = tokens;
		this.publisher = publisher;
		this.serviceName = serviceName;
		this.checkInterval = checkInterval;
		this.replicated = delays.replicated();
		this.declarer = new TopologyDeclarer(connectionFactory,
				() -> SchedulingTopology.create(delays.mechanism(), schedules.all()));
	}

	@Override
	public synchronized void start() {
		this.declarer.start();
		if (this.containers.isEmpty()) {
			this.containers.add(container(SchedulingTopology.relayQueue(this.replicated), this.relay));
			for (RecurringSchedule schedule : this.schedules.all()) {
				this.containers.add(container(schedule.queue(),
						new TickListener(schedule, this.tokens, this.publisher, this.serviceName, Clock.systemUTC())));
			}
		}
		startMissingTokens();
		this.containers.forEach(DirectMessageListenerContainer::start);
		if (!this.schedules.all().isEmpty()) {
			CustomizableThreadFactory threads = new CustomizableThreadFactory("mmate-schedule-check-");
			threads.setDaemon(true);
			this.checker = Executors.newSingleThreadScheduledExecutor(threads);
			long interval = this.checkInterval.toMillis();
			this.checker.scheduleWithFixedDelay(this::startMissingTokens, interval, interval, TimeUnit.MILLISECONDS);
		}
		this.running = true;
	}

	private DirectMessageListenerContainer container(String queue, MessageListener listener) {
		DirectMessageListenerContainer container = new ReportingListenerContainer(this.connectionFactory);
		container.setQueueNames(queue);
		container.setConsumersPerQueue(1);
		container.setPrefetchCount(PREFETCH);
		// Acknowledged once the listener returns; a failure puts the message back rather than lose it.
		container.setAcknowledgeMode(AcknowledgeMode.AUTO);
		container.setDefaultRequeueRejected(true);
		container.setMessageListener(listener);
		container.setAutoStartup(false);
		container.setListenerId("mmate-" + queue);
		container.afterPropertiesSet();
		return container;
	}

	private void startMissingTokens() {
		for (RecurringSchedule schedule : this.schedules.all()) {
			try {
				this.tokens.startIfMissing(schedule);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not check the tick token of schedule '" + schedule.name() + "'; checking again in "
						+ this.checkInterval + ": " + ex.getMessage());
			}
		}
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		if (this.checker != null) {
			this.checker.shutdownNow();
			this.checker = null;
		}
		this.containers.forEach(DirectMessageListenerContainer::stop);
		this.declarer.stop();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public void destroy() {
		this.containers.forEach(DirectMessageListenerContainer::destroy);
	}

	/**
	 * The queues this instance consumes: the relay queue, then each schedule's queue.
	 * @return the queue names
	 */
	public List<String> getQueues() {
		return this.containers.stream().map((container) -> container.getQueueNames()[0]).toList();
	}

}
