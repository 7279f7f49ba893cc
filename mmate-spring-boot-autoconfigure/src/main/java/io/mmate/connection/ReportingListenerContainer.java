package io.mmate.connection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.AmqpIOException;
import org.springframework.amqp.AmqpTimeoutException;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.AsyncConsumerStartedEvent;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.ListenerContainerConsumerFailedEvent;
import org.springframework.amqp.rabbit.listener.MissingQueueEvent;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

/**
 * The direct container of every queue the starter consumes, reporting what goes wrong once, in its own words, rather
 * than a stack trace from each consumer at each retry. Its own loggers (named after this class and its subclasses)
 * are switched off by default for that reason; see {@code MmateDefaultsEnvironmentPostProcessor}.
 *
 * <p>What it reports: a queue that does not exist (once, until a consumer starts on it again), a consumer that fails
 * for another reason than a lost connection (once per reason), and, at INFO, a consumer that starts again after
 * either. A lost connection is the {@link ConnectionOutageReporter}'s to report; a consumer cancelled with its
 * channel follows from it. A {@link MessageListener} that throws is reported at WARN with the queue.
 */
public class ReportingListenerContainer extends DirectMessageListenerContainer {

	private static final Log reports = LogFactory.getLog("io.mmate.consumers");

	private final Map<String, String> problems = new ConcurrentHashMap<>();

	/**
	 * Create the container.
	 * @param connectionFactory the connection factory
	 */
	public ReportingListenerContainer(ConnectionFactory connectionFactory) {
		super(connectionFactory);
		setApplicationEventPublisher(this::report);
		setMessagePropertiesConverter(new ClientCharsetPropertiesConverter());
	}

	@Override
	public void setMessageListener(MessageListener listener) {
		if (listener instanceof ChannelAwareMessageListener) {
			// The starter's delivery listener settles every delivery itself and never throws.
			super.setMessageListener(listener);
			return;
		}
		super.setMessageListener((MessageListener) (message) -> {
			try {
				listener.onMessage(message);
			}
			catch (RuntimeException ex) {
				reports.warn("The listener of queue '" + message.getMessageProperties().getConsumerQueue()
						+ "' failed: " + ex, ex);
				throw ex;
			}
		});
	}

	private void report(Object event) {
		if (event instanceof MissingQueueEvent missing) {
			problem(missing.getQueue(), "the queue '" + missing.getQueue() + "' does not exist on the broker; its "
					+ "consumer is started again every few seconds until it does");
		}
		else if (event instanceof ListenerContainerConsumerFailedEvent failed && failed.getThrowable() != null
				&& !isConnectionFailure(failed.getThrowable())) {
			String queues = String.join(", ", getQueueNames());
			problem(queues, "a consumer of '" + queues + "' failed: " + failed.getReason() + " ("
					+ failed.getThrowable() + "); it is started again every few seconds");
		}
		else if (event instanceof AsyncConsumerStartedEvent && !this.problems.isEmpty()) {
			this.problems.keySet().forEach((queues) -> reports.info("Consuming '" + queues + "' again"));
			this.problems.clear();
		}
	}

	private void problem(String queue, String description) {
		if (!description.equals(this.problems.put(queue, description))) {
			reports.warn(Character.toUpperCase(description.charAt(0)) + description.substring(1));
		}
	}

	// A lost or refused connection: the connection's outage report says it once for every container.
	private static boolean isConnectionFailure(Throwable failure) {
		return failure instanceof AmqpConnectException || failure instanceof AmqpIOException
				|| failure instanceof AmqpTimeoutException;
	}

}
