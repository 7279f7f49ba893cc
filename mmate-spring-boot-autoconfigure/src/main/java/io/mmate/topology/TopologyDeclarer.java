package io.mmate.topology;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.context.SmartLifecycle;

/**
 * Declares the topology when the application starts, and again whenever the connection is re-established (a
 * restarted broker may have lost non-durable state, or an operator may have deleted a queue). A declaration the
 * broker refuses because the object exists with other arguments fails start-up with a {@link
 * TopologyMismatchException} that names the object, the difference, the setting that decides it and the fix.
 */
public class TopologyDeclarer implements SmartLifecycle, ConnectionListener {

	/** Before the listener containers, which need the queues, and before the web server takes requests. */
	public static final int PHASE = Integer.MAX_VALUE - 4096;

	private static final Log logger = LogFactory.getLog(TopologyDeclarer.class);

	private static final int PRECONDITION_FAILED = 406;

	private final ConnectionFactory connectionFactory;

	private final Supplier<Declarables> topology;

	private volatile boolean running;

	private volatile boolean starting;

	private volatile RuntimeException startupFailure;

	private volatile List<String> undeclared = List.of();

	private boolean autoStartup = true;

	/**
	 * Create a declarer.
	 * @param connectionFactory the connection factory
	 * @param topology what to declare, asked on every declaration: at start all handlers are known
	 */
	public TopologyDeclarer(ConnectionFactory connectionFactory, Supplier<Declarables> topology) {
		this.connectionFactory = connectionFactory;
		this.topology = topology;
	}

	/**
	 * Set whether the topology is declared when the application starts; when not, it is declared only if
	 * {@link #start()} is called.
	 * @param autoStartup {@code false} to declare nothing on start-up ({@code mmate.topology.declare=false})
	 */
	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	@Override
	public void start() {
		this.startupFailure = null;
		this.starting = true;
		this.running = true;
		try {
			// Called back at once when the connection is open already, else on the connection created below.
			this.connectionFactory.addConnectionListener(this);
			this.connectionFactory.createConnection().close();
		}
		catch (AmqpConnectException ex) {
			// Like the listener containers, start without the broker and declare once it is reachable.
			logger.warn("RabbitMQ is not reachable; the Mmate topology is declared once it is: " + ex.getMessage());
		}
		finally {
			this.starting = false;
		}
		if (this.startupFailure != null) {
			this.running = false;
			this.connectionFactory.removeConnectionListener(this);
			throw this.startupFailure;
		}
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
		return PHASE;
	}

	@Override
	public void onCreate(Connection connection) {
		if (!this.running) {
			return;
		}
		if (!this.starting) {
			redeclare(connection);
			return;
		}
		try {
			declare(connection);
		}
		catch (RuntimeException ex) {
			this.startupFailure = ex;
		}
	}

	/**
	 * What could not be declared after the latest reconnect, for example a classic queue whose node is down; empty
	 * when everything was.
	 * @return descriptions of the objects, such as {@code queue 'orders-queue'}
	 */
	public List<String> undeclared() {
		return this.undeclared;
	}

	// After a failover, one object the broker cannot declare (a classic queue whose node is down) must not keep the
	// others from being declared: each is tried, and what failed is reported until a later reconnect declares it.
	private void redeclare(Connection connection) {
		List<String> failed = new ArrayList<>();
		Channel channel = null;
		for (Declarable declarable : this.topology.get().getDeclarables()) {
			try {
				if (channel == null || !channel.isOpen()) {
					channel = connection.createChannel(false);
				}
				if (declarable instanceof LengthLimitedQueue limited) {
					channel = declareLimited(connection, channel, limited);
				}
				else {
					declareOne(channel, declarable);
				}
			}
			catch (RuntimeException ex) {
				String what = MismatchReport.describe(declarable);
				failed.add(what);
				logger.warn("After a reconnect, could not declare " + what + " (" + ex.getMessage()
						+ "); it is declared again on the next reconnect, and health is DEGRADED until then");
			}
		}
		if (channel != null) {
			closeQuietly(channel);
		}
		if (failed.isEmpty() && !this.undeclared.isEmpty()) {
			logger.info("The Mmate topology is declared again in full");
		}
		this.undeclared = List.copyOf(failed);
	}

	/**
	 * Declare every exchange, queue and binding on a connection.
	 * @param connection an open connection
	 * @throws TopologyMismatchException if the broker refuses a declaration as inequivalent
	 */
	public void declare(Connection connection) {
		Channel channel = connection.createChannel(false);
		try {
			for (Declarable declarable : this.topology.get().getDeclarables()) {
				if (declarable instanceof LengthLimitedQueue limited) {
					channel = declareLimited(connection, channel, limited);
				}
				else {
					declareOne(channel, declarable);
				}
			}
		}
		finally {
			closeQuietly(channel);
		}
	}

	// Returns the channel to go on with: the broker closes the one whose declaration it refuses.
	private static Channel declareLimited(Connection connection, Channel channel, LengthLimitedQueue queue) {
		String refusal = limitRefused(channel, queue);
		if (refusal == null) {
			return channel;
		}
		Channel next = connection.createChannel(false);
		// Without the limit, as before there was one; but the queue may have another limit, set by an earlier
		// mmate.dead-letter.max-length, and then it is only checked to exist.
		if (limitRefused(next, queue.withoutLimit()) != null) {
			next = connection.createChannel(false);
			try {
				next.queueDeclarePassive(queue.getName());
			}
			catch (IOException ex) {
				throw translate(queue, ex);
			}
		}
		logger.warn("Queue '" + queue.getName() + "' exists with another length limit, or none, than this service "
				+ "declares for new dead-letter queues (" + refusal + "); queue arguments cannot change, so it is kept "
				+ "as it is. Limit it with a policy, for example: rabbitmqctl set_policy mmate-dead-letters '^dlq\\.' "
				+ "'{\"max-length\":" + queue.getArguments().get("x-max-length") + ",\"overflow\":\"reject-publish\"}' "
				+ "--apply-to queues; or delete it once it is empty so that it is declared again with the limit. "
				+ "mmate.dead-letter.max-length=0 declares no limit.");
		return next;
	}

	/**
	 * Declare a queue, telling a refusal of its length limit from other failures.
	 * @return {@code null} when declared, else the broker's reason for refusing the limit
	 * @throws RuntimeException for any other failure, as {@link #declareOne} throws it
	 */
	private static String limitRefused(Channel channel, Queue queue) {
		try {
			channel.queueDeclare(queue.getName(), true, false, false, queue.getArguments());
			return null;
		}
		catch (IOException ex) {
			String refusal = refusal(ex);
			if (refusal != null && (refusal.contains("'x-max-length'") || refusal.contains("'x-overflow'"))) {
				return refusal;
			}
			throw translate(queue, ex);
		}
	}

	private static String refusal(IOException ex) {
		if (ex.getCause() instanceof ShutdownSignalException signal
				&& signal.getReason() instanceof AMQP.Channel.Close close
				&& close.getReplyCode() == PRECONDITION_FAILED) {
			return close.getReplyText();
		}
		return null;
	}

	private static void declareOne(Channel channel, Declarable declarable) {
		try {
			if (declarable instanceof Exchange exchange) {
				channel.exchangeDeclare(exchange.getName(), exchange.getType(), exchange.isDurable(),
						exchange.isAutoDelete(), exchange.getArguments());
			}
			else if (declarable instanceof Queue queue) {
				channel.queueDeclare(queue.getName(), queue.isDurable(), queue.isExclusive(), queue.isAutoDelete(),
						queue.getArguments());
			}
			else if (declarable instanceof StaleBinding stale) {
				channel.queueUnbind(stale.getDestination(), stale.getExchange(), stale.getRoutingKey());
			}
			else if (declarable instanceof Binding binding && binding.isDestinationQueue()) {
				channel.queueBind(binding.getDestination(), binding.getExchange(), binding.getRoutingKey());
			}
			else if (declarable instanceof Binding binding) {
				channel.exchangeBind(binding.getDestination(), binding.getExchange(), binding.getRoutingKey());
			}
		}
		catch (IOException ex) {
			throw translate(declarable, ex);
		}
	}

	private static RuntimeException translate(Declarable declarable, IOException ex) {
		String refusal = refusal(ex);
		if (refusal != null) {
			return MismatchReport.explain(declarable, refusal, ex);
		}
		Throwable reason = (ex.getCause() != null) ? ex.getCause() : ex;
		return new IllegalStateException("Could not declare " + MismatchReport.describe(declarable) + ": " + reason,
				ex);
	}

	private static void closeQuietly(Channel channel) {
		try {
			if (channel.isOpen()) {
				channel.close();
			}
		}
		catch (Exception ex) {
			// The broker closes a channel after a refused declaration; nothing is left to release.
		}
	}

}
