package io.mmate.connection;

import java.time.Clock;
import java.time.Duration;

import com.rabbitmq.client.ShutdownSignalException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Reports an outage of the application's consuming connection to RabbitMQ in three kinds of line: one WARN with the
 * cause when the connection is lost or cannot be opened, a WARN summary at most once per interval while the outage
 * lasts (how long, how many attempts failed, the last cause), and one INFO when a connection is open again. The
 * publishing connection reports its own outages (see {@code PublisherChannel}).
 */
public class ConnectionOutageReporter implements ConnectionListener, InitializingBean, DisposableBean {

	private static final Log logger = LogFactory.getLog(ConnectionOutageReporter.class);

	private final ConnectionFactory connectionFactory;

	private final Duration summaryInterval;

	private final Clock clock;

	private long downSince = -1;

	private long lastReport;

	private int failedAttempts;

	private String lastCause;

	/**
	 * Create a reporter.
	 * @param connectionFactory the application's connection factory
	 * @param summaryInterval how often at most a summary is logged while an outage lasts
	 * @param clock the clock
	 */
	public ConnectionOutageReporter(ConnectionFactory connectionFactory, Duration summaryInterval, Clock clock) {
		this.connectionFactory = connectionFactory;
		this.summaryInterval = summaryInterval;
		this.clock = clock;
	}

	@Override
	public void afterPropertiesSet() {
		this.connectionFactory.addConnectionListener(this);
		// Adding to the application's factory reaches the publishing one too, which reports on its own.
		if (this.connectionFactory.getPublisherConnectionFactory() != null) {
			this.connectionFactory.getPublisherConnectionFactory().removeConnectionListener(this);
		}
	}

	@Override
	public void destroy() {
		this.connectionFactory.removeConnectionListener(this);
	}

	@Override
	public synchronized void onCreate(Connection connection) {
		if (this.downSince >= 0) {
			logger.info("RabbitMQ is reachable again for consuming after "
					+ Duration.ofMillis(this.clock.millis() - this.downSince).toMillis() + " ms (" + this.failedAttempts
					+ " connection attempts failed)");
			this.downSince = -1;
		}
	}

	@Override
	public void onShutDown(ShutdownSignalException signal) {
		if (!signal.isInitiatedByApplication()) {
			lost("the connection was closed: " + describe(signal), false);
		}
	}

	@Override
	public void onFailed(Exception exception) {
		lost("connecting failed: " + describe(exception), true);
	}

	private synchronized void lost(String cause, boolean attempt) {
		long now = this.clock.millis();
		this.lastCause = cause;
		if (this.downSince < 0) {
			this.downSince = now;
			this.lastReport = now;
			this.failedAttempts = attempt ? 1 : 0;
			logger.warn("RabbitMQ is not reachable for consuming: " + cause + ". Consumers are started again once "
					+ "it is; a summary follows every " + this.summaryInterval.toSeconds() + " s while it lasts");
			return;
		}
		if (attempt) {
			this.failedAttempts++;
		}
		if (now - this.lastReport >= this.summaryInterval.toMillis()) {
			this.lastReport = now;
			logger.warn("RabbitMQ still not reachable for consuming after " + (now - this.downSince) / 1000 + " s: "
					+ this.failedAttempts + " connection attempts failed, the last: " + this.lastCause);
		}
	}

	private static String describe(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage();
		return (message != null) ? root.getClass().getSimpleName() + ": " + message : root.getClass().getSimpleName();
	}

}
