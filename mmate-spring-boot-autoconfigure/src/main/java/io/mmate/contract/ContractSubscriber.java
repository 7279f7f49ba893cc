package io.mmate.contract;

import java.util.List;

import io.mmate.connection.ReportingListenerContainer;
import io.mmate.topology.Exchanges;
import io.mmate.topology.TopologyDeclarer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Receives contract announcements: this instance's exclusive, auto-delete queue, bound to {@code mmate.contracts}
 * with {@code contract.announce} as Go's discovery binds its own, and a consumer of it. The queue is declared on start
 * and on every new connection, since the broker deletes an exclusive queue with the connection that owned it.
 */
public class ContractSubscriber implements SmartLifecycle, ConnectionListener, DisposableBean {

	private static final Log logger = LogFactory.getLog(ContractSubscriber.class);

	private static final int PREFETCH = 10;

	private static final long SHUTDOWN_TIMEOUT_MILLIS = 1000;

	private final ConnectionFactory connectionFactory;

	private final String queue;

	private final TopologyDeclarer declarer;

	private final DirectMessageListenerContainer container;

	private final int phase;

	private volatile boolean running;

	private volatile boolean declared;

	/**
	 * Create the subscriber; nothing is declared or consumed before {@link #start()}.
	 * @param connectionFactory the connection factory of the consumers
	 * @param queue the queue name, unique to this instance
	 * @param listener what receives the announcements
	 * @param phase the lifecycle phase, before the announcer's
	 */
	public ContractSubscriber(ConnectionFactory connectionFactory, String queue, MessageListener listener,
			int phase) {
		this.connectionFactory = connectionFactory;
		this.queue = queue;
		this.phase = phase;
		this.declarer = new TopologyDeclarer(connectionFactory, this::declarations);
		this.container = new ReportingListenerContainer(connectionFactory);
		this.container.setQueueNames(queue);
		this.container.setConsumersPerQueue(1);
		this.container.setPrefetchCount(PREFETCH);
		// The listener drops what it cannot read: acknowledged either way, never requeued.
		this.container.setAcknowledgeMode(AcknowledgeMode.AUTO);
		this.container.setDefaultRequeueRejected(false);
		this.container.setMessageListener(listener);
		this.container.setAutoStartup(false);
		this.container.setListenerId("mmate-contracts");
		// An announcement is handled in microseconds: stopping need not wait long for one.
		this.container.setShutdownTimeout(SHUTDOWN_TIMEOUT_MILLIS);
		this.container.afterPropertiesSet();
	}

	/**
	 * The queue name.
	 * @return the name
	 */
	public String queue() {
		return this.queue;
	}

	/**
	 * Whether the {@code mmate.contracts} exchange has been declared on the broker, so that publishing to it cannot
	 * fail for want of it.
	 * @return {@code true} once a declaration succeeded
	 */
	public boolean isDeclared() {
		return this.declared;
	}

	@Override
	public void start() {
		this.running = true;
		this.connectionFactory.addConnectionListener(this);
		// An exclusive queue belongs to the connection that declared it: never the publishing connection's.
		if (this.connectionFactory.getPublisherConnectionFactory() != null) {
			this.connectionFactory.getPublisherConnectionFactory().removeConnectionListener(this);
		}
		try {
			// Called back at once when the connection is open already, else on the connection created here.
			this.connectionFactory.createConnection().close();
		}
		catch (AmqpConnectException ex) {
			logger.debug("RabbitMQ is not reachable; the contract queue is declared once it is");
		}
		this.container.start();
	}

	@Override
	public void onCreate(Connection connection) {
		if (!this.running) {
			return;
		}
		try {
			this.declarer.declare(connection);
			this.declared = true;
		}
		catch (RuntimeException ex) {
			logger.error("Could not declare the contract queue '" + this.queue + "': " + ex.getMessage(), ex);
		}
	}

	private Declarables declarations() {
		TopicExchange exchange = new TopicExchange(Exchanges.CONTRACTS, true, false);
		return new Declarables(List.of(exchange, new Queue(this.queue, false, true, true),
				new Binding(this.queue, Binding.DestinationType.QUEUE, Exchanges.CONTRACTS,
						ContractAnnouncement.ROUTING_KEY, null)));
	}

	@Override
	public void stop() {
		this.running = false;
		this.container.stop();
		this.connectionFactory.removeConnectionListener(this);
	}

	@Override
	public void destroy() {
		this.container.destroy();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}
