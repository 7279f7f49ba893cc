package io.mmate.consume;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.mmate.listener.ListenerContainerLifecycle;
import io.mmate.topology.BindingSpec;
import io.mmate.topology.TopologyDeclarer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.context.SmartLifecycle;

/**
 * This instance's exclusive, auto-delete broadcast queue, bound to what the broadcast handlers handle, so that every
 * running instance receives every such message. Declared on start and on every new connection, since the broker
 * deletes an exclusive queue with the connection that owned it.
 */
public class BroadcastQueue implements SmartLifecycle, ConnectionListener {

	private static final Log logger = LogFactory.getLog(BroadcastQueue.class);

	private final ConnectionFactory connectionFactory;

	private final String name;

	private final Supplier<List<BindingSpec>> bindings;

	private final TopologyDeclarer declarer;

	private volatile boolean running;

	/**
	 * Create the queue; nothing is declared before {@link #start()}.
	 * @param connectionFactory the connection factory
	 * @param name the queue name, unique to this instance
	 * @param bindings the bindings of the broadcast handlers, asked at start
	 */
	public BroadcastQueue(ConnectionFactory connectionFactory, String name, Supplier<List<BindingSpec>> bindings) {
		this.connectionFactory = connectionFactory;
		this.name = name;
		this.bindings = bindings;
		this.declarer = new TopologyDeclarer(connectionFactory, this::declarations);
	}

	/**
	 * The queue name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	@Override
	public void start() {
		if (this.bindings.get().isEmpty()) {
			return;
		}
		this.running = true;
		this.connectionFactory.addConnectionListener(this);
		// The listener reaches the publishing connection's factory too; an exclusive queue declared there would belong
		// to that connection, and the consumer could not use it.
		if (this.connectionFactory.getPublisherConnectionFactory() != null) {
			this.connectionFactory.getPublisherConnectionFactory().removeConnectionListener(this);
		}
	}

	@Override
	public void onCreate(Connection connection) {
		if (!this.running) {
			return;
		}
		try {
			this.declarer.declare(connection);
		}
		catch (RuntimeException ex) {
			logger.error("Could not declare the broadcast queue '" + this.name + "': " + ex.getMessage(), ex);
		}
	}

	private Declarables declarations() {
		List<Declarable> declarations = new ArrayList<>();
		declarations.add(new Queue(this.name, false, true, true));
		for (BindingSpec binding : this.bindings.get()) {
			declarations.add(new Binding(this.name, Binding.DestinationType.QUEUE, binding.exchange(),
					binding.routingKey(), null));
		}
		return new Declarables(declarations);
	}

	@Override
	public void stop() {
		this.running = false;
		this.connectionFactory.removeConnectionListener(this);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// After the topology, before the listener containers.
		return ListenerContainerLifecycle.PHASE - 1;
	}

}
